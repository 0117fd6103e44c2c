//! rankscope: look inside matrices with the singular value decomposition.
//!
//! The core is a plain library that knows nothing of any GUI:
//! - [`matrix`] holds the types every layer shares (a loaded matrix, element types);
//! - [`source`] turns files (images, `.npy`/`.npz`, `.safetensors`, CSV) into matrices,
//!   listing what a file holds before loading anything;
//! - [`linalg`] computes the SVD A = U Σ Vᵀ (σ descending) behind one cancellable job interface;
//! - [`analysis`] derives everything shown about a spectrum (Eckart–Young error curves, energy,
//!   stable and effective rank, rank-selection rules) as pure functions of σ and the shape;
//! - [`export`] writes chosen-rank factors in formats the Python ecosystem loads directly;
//! - [`figure`] draws the spectrum, the error, energy and PSNR curves and the rank-1 layers
//!   as SVG or PNG for slides and papers (and the curves' numbers as CSV);
//! - [`checkpoint`] runs the analysis over every matrix of a checkpoint, or over the
//!   differences between two checkpoints (`scan`, `diff`, adapters).
//!
//! [`preview`] turns factors into display-resolution pictures at any rank. `cli` (headless)
//! and `app` (the desktop app, behind the default `gui` feature) are thin front ends over
//! exactly these calls; neither imports the other, the binary chooses.

// Tests compare exactly representable values (0.25, 1.0, 0.0) on purpose.
#![cfg_attr(test, allow(clippy::float_cmp))]

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod checkpoint;
pub mod cli;
pub mod export;
pub mod figure;
pub mod linalg;
pub mod matrix;
pub mod memory;
pub mod preview;
pub mod real;
pub mod source;
