//! Writes a small BERT-like `.safetensors` checkpoint (MiniLM-L6 layout, two layers) with
//! weight-like power-law spectra, biases and LayerNorm vectors, for screenshots and demos.
//!
//! `cargo run --release --example make_checkpoint -- OUT.safetensors`

use rankscope::source::{MatrixData, power_law_matrix};
use std::collections::HashMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: make_checkpoint OUT.safetensors")?;
    let hidden = 384;
    let mut tensors: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
    let mut seed = 1;
    let mut matrix = |name: &str, rows: usize, cols: usize, exponent: f64| {
        seed += 1;
        let MatrixData::F32(values) = power_law_matrix(rows, cols, exponent, seed).data else {
            unreachable!("power_law_matrix is f32")
        };
        let bytes = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        (name.to_owned(), vec![rows, cols], bytes)
    };
    tensors.push(matrix(
        "embeddings.word_embeddings.weight",
        4096,
        hidden,
        0.35,
    ));
    tensors.push(matrix(
        "embeddings.position_embeddings.weight",
        512,
        hidden,
        0.8,
    ));
    for layer in 0..2 {
        let prefix = format!("encoder.layer.{layer}");
        for (part, exponent) in [("query", 0.9), ("key", 0.9), ("value", 0.5)] {
            tensors.push(matrix(
                &format!("{prefix}.attention.self.{part}.weight"),
                hidden,
                hidden,
                exponent,
            ));
        }
        tensors.push(matrix(
            &format!("{prefix}.attention.output.dense.weight"),
            hidden,
            hidden,
            0.5,
        ));
        tensors.push(matrix(
            &format!("{prefix}.intermediate.dense.weight"),
            4 * hidden,
            hidden,
            0.4,
        ));
        tensors.push(matrix(
            &format!("{prefix}.output.dense.weight"),
            hidden,
            4 * hidden,
            0.4,
        ));
        for vector in [
            "attention.output.LayerNorm.weight",
            "output.LayerNorm.weight",
        ] {
            let ones: Vec<u8> = (0..hidden).flat_map(|_| 1.0f32.to_le_bytes()).collect();
            tensors.push((format!("{prefix}.{vector}"), vec![hidden], ones));
        }
    }
    let views = tensors
        .iter()
        .map(|(name, shape, bytes)| {
            safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), bytes)
                .map(|view| (name.clone(), view))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let metadata = HashMap::from([("format".to_owned(), "pt".to_owned())]);
    std::fs::write(&out, safetensors::serialize(views, Some(metadata))?)?;
    println!("wrote {out} ({} tensors)", tensors.len());
    Ok(())
}
