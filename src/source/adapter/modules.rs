//! One module of an adapter: its tensors checked from the header alone (shapes that chain,
//! one r, a scalar alpha) and described: structure, ΔW's shape, r, alpha and scale.

use super::ModuleKind;
use super::keys::{PEFT_PREFIX, Part};
use super::peft::{CONFIG_NAME, PeftConfig};
use super::tensors::TensorFile;
use crate::matrix::{AdapterFacts, Dtype};
use crate::source::error::{Problem, malformed, quoted};
use ndarray::Array2;
use std::collections::HashMap;

const FORMAT: &str = "LoRA adapter";

/// A low-rank factor as two tensors, or a full matrix.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    /// One tensor holds the matrix.
    Full(String),
    /// up · down.
    Low { up: String, down: String },
    /// Tucker: `core` (r₁ × r₂ × k…) with `up` (r₁ × out) and `down` (r₂ × in), as LyCORIS's
    /// `rebuild_tucker(core, up, down)`.
    Tucker {
        core: String,
        up: String,
        down: String,
    },
    /// kohya LoCon with a Tucker core: `up` (out × r₁ …), `mid` (r₁ × r₂ × k…), `down` (r₂ × in …).
    Mid {
        up: String,
        mid: String,
        down: String,
    },
}

impl Piece {
    /// The tensors it is made of.
    pub(super) fn keys(&self) -> Vec<&str> {
        match self {
            Self::Full(key) => vec![key],
            Self::Low { up, down } => vec![up, down],
            Self::Tucker { core, up, down } => vec![core, up, down],
            Self::Mid { up, mid, down } => vec![up, mid, down],
        }
    }
}

/// One module: its tensors, how they combine, and its facts.
#[derive(Debug, Clone)]
pub struct AdapterModule {
    /// The entry name: the module path (PEFT, without `base_model.model.`) or kohya name.
    pub name: String,
    /// The key prefix its tensors share (`base_model.model.<module>` or `<name>`).
    pub stem: String,
    /// Its structure.
    pub kind: ModuleKind,
    /// ΔW's shape as the entry lists it (out, in [, kh, kw]), or transposed (see
    /// [`Self::transposed`]).
    pub stored_shape: Vec<usize>,
    /// The shape of ΔW in the factors' own frame (up · down): `stored_shape` unless
    /// transposed.
    pub canonical_shape: Vec<usize>,
    /// Element type of the factors.
    pub dtype: Dtype,
    /// r, alpha, scale.
    pub facts: AdapterFacts,
    /// The entry is (up · down)ᵀ: PEFT embeddings and `fan_in_fan_out` layers.
    pub transposed: bool,
    /// PEFT `lora_embedding_A/B` rather than `lora_A/B`.
    pub embedding: bool,
    /// What follows `lora_embedding_A` in the keys: `.weight` or nothing.
    pub embedding_suffix: String,
    pub(super) pieces: Vec<Piece>,
}

/// The shape and dtype of each tensor.
pub(super) type Shapes = HashMap<String, (Vec<usize>, Dtype)>;

pub(super) fn elements(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d))
}

/// The Tucker rebuild as a product's right factor: with `core` (r₁ × r₂·K, K the kernel's
/// size) and `down` (r₂ × n), M[i, c·K + k] = Σ_j core[i, j·K + k] · down[j, c], so that
/// ΔW[o, (c, k)] = Σ_{i,j} up[o, i] core[i, j, k] down[j, c] = (up · M)[o, c·K + k]: LyCORIS's
/// `rebuild_tucker` (einsum "i j ..., i p, j r -> p r ...") flattened to (out, in·K).
pub(super) fn tucker_down(core: &Array2<f64>, down: &Array2<f64>) -> Array2<f64> {
    let (r_1, width) = core.dim();
    let (r_2, n) = down.dim();
    let kernel = width.checked_div(r_2).unwrap_or(0);
    Array2::from_shape_fn((r_1, n * kernel), |(i, column)| {
        let (c, k) = (column / kernel, column % kernel);
        (0..r_2)
            .map(|j| core[[i, j * kernel + k]] * down[[j, c]])
            .sum()
    })
}

/// What went wrong with module `stem`, as a malformed-adapter problem.
pub(super) fn bad(stem: &str, detail: impl std::fmt::Display) -> Problem {
    malformed(FORMAT, format!("module `{}`: {detail}", quoted(stem)))
}

/// The shape of the tensor of `part`, which must exist.
fn shape_of<'a>(
    stem: &str,
    found: &[(Part, &str)],
    shapes: &'a Shapes,
    part: Part,
    label: &str,
) -> Result<(&'a [usize], Dtype, String), Problem> {
    let Some((_, key)) = found.iter().find(|(p, _)| *p == part) else {
        return Err(bad(stem, format!("{label} is missing")));
    };
    let (shape, dtype) = &shapes[*key];
    if !dtype.is_float() {
        return Err(bad(
            stem,
            format!("{label} has dtype {dtype}; adapter factors are floating-point"),
        ));
    }
    Ok((shape.as_slice(), *dtype, (*key).to_owned()))
}

fn has(found: &[(Part, &str)], part: Part) -> bool {
    found.iter().any(|(p, _)| *p == part)
}

/// Trailing dimensions that must all be 1 (a 1 × 1 convolution's kernel).
fn ones(shape: &[usize]) -> bool {
    shape.iter().all(|&d| d == 1)
}

fn dims(shape: &[usize]) -> String {
    crate::source::format_shape(shape)
}

/// The alpha tensor's value: one finite number.
fn alpha_value(
    stem: &str,
    found: &[(Part, &str)],
    shapes: &Shapes,
    tensors: &TensorFile,
) -> Result<Option<f64>, Problem> {
    let Some((_, key)) = found.iter().find(|(p, _)| *p == Part::Alpha) else {
        return Ok(None);
    };
    let (shape, dtype) = &shapes[*key];
    if elements(shape) != Some(1) {
        return Err(bad(
            stem,
            format!(
                "alpha has shape {}; it must be a single number",
                dims(shape)
            ),
        ));
    }
    if !dtype.is_supported() {
        return Err(bad(stem, format!("alpha has dtype {dtype}")));
    }
    let value = tensors.load::<f64>(key, 1, 1)?[[0, 0]];
    if !value.is_finite() {
        return Err(bad(stem, format!("alpha is {value}")));
    }
    Ok(Some(value))
}

/// alpha / r with kohya's and LyCORIS's rule that a missing or zero alpha means alpha = r.
#[allow(clippy::cast_precision_loss)] // ranks are far below 2^52
fn kohya_scale(rank: usize, alpha: Option<f64>) -> (f64, f64, String) {
    match alpha {
        Some(alpha) if alpha != 0.0 => (alpha, alpha / rank as f64, "alpha tensor".to_owned()),
        Some(_) => (rank as f64, 1.0, "alpha tensor is 0: alpha = r".to_owned()),
        None => (rank as f64, 1.0, "no alpha tensor: alpha = r".to_owned()),
    }
}

/// Checks the tensors of module `stem` and describes it.
#[allow(clippy::too_many_lines)] // one case per structure, each a few checks
pub(super) fn build_module(
    stem: &str,
    found: &[(Part, &str)],
    shapes: &Shapes,
    config: Option<&PeftConfig>,
    tensors: &TensorFile,
) -> Result<AdapterModule, Problem> {
    let families = [
        found.iter().any(|(p, _)| {
            matches!(
                p,
                Part::LoraA | Part::LoraB | Part::EmbeddingA | Part::EmbeddingB
            )
        }),
        found
            .iter()
            .any(|(p, _)| matches!(p, Part::Down | Part::Up | Part::Mid)),
        found.iter().any(|(p, _)| {
            matches!(
                p,
                Part::HadaW1A
                    | Part::HadaW1B
                    | Part::HadaW2A
                    | Part::HadaW2B
                    | Part::HadaT1
                    | Part::HadaT2
            )
        }),
        found.iter().any(|(p, _)| {
            matches!(
                p,
                Part::LokrW1
                    | Part::LokrW1A
                    | Part::LokrW1B
                    | Part::LokrW2
                    | Part::LokrW2A
                    | Part::LokrW2B
                    | Part::LokrT2
            )
        }),
    ];
    if families.iter().filter(|&&f| f).count() > 1 {
        return Err(bad(
            stem,
            "it mixes tensors of different adapter types (lora_A/B, lora_down/up, hada_*, lokr_*)",
        ));
    }
    let alpha = alpha_value(stem, found, shapes, tensors)?;
    let described = if families[0] || families[1] {
        let peft = families[0];
        let embedding = has(found, Part::EmbeddingA) || has(found, Part::EmbeddingB);
        let (down_part, up_part, down_label, up_label) = match (peft, embedding) {
            (true, false) => (Part::LoraA, Part::LoraB, "lora_A", "lora_B"),
            (true, true) => (
                Part::EmbeddingA,
                Part::EmbeddingB,
                "lora_embedding_A",
                "lora_embedding_B",
            ),
            (false, _) => (Part::Down, Part::Up, "lora_down", "lora_up"),
        };
        let (down, dtype, down_key) = shape_of(stem, found, shapes, down_part, down_label)?;
        let (up, _, up_key) = shape_of(stem, found, shapes, up_part, up_label)?;
        if down.len() < 2 || up.len() < 2 {
            return Err(bad(
                stem,
                format!(
                    "{down_label} has shape {} and {up_label} {}; both must have two or more dimensions",
                    dims(down),
                    dims(up)
                ),
            ));
        }
        let rank = down[0];
        if rank == 0 {
            return Err(bad(stem, format!("{down_label} has 0 rows: r is 0")));
        }
        if !ones(&up[2..]) {
            return Err(bad(
                stem,
                format!(
                    "{up_label} has shape {}; its dimensions after the second must be 1",
                    dims(up)
                ),
            ));
        }
        let (pieces, shape) = if has(found, Part::Mid) {
            let (mid, _, mid_key) = shape_of(stem, found, shapes, Part::Mid, "lora_mid")?;
            if mid.len() < 3 || mid[0] != up[1] || mid[1] != rank || !ones(&down[2..]) {
                return Err(bad(
                    stem,
                    format!(
                        "lora_mid has shape {} with lora_up {} and lora_down {}: they do not chain",
                        dims(mid),
                        dims(up),
                        dims(down)
                    ),
                ));
            }
            let mut shape = vec![up[0], down[1]];
            shape.extend_from_slice(&mid[2..]);
            (
                vec![Piece::Mid {
                    up: up_key,
                    mid: mid_key,
                    down: down_key,
                }],
                shape,
            )
        } else {
            if up[1] != rank {
                return Err(bad(
                    stem,
                    format!(
                        "mismatched r: {down_label} has {rank} rows (shape {}) but {up_label} has {} columns (shape {})",
                        dims(down),
                        up[1],
                        dims(up)
                    ),
                ));
            }
            let mut shape = vec![up[0]];
            shape.extend_from_slice(&down[1..]);
            (
                vec![Piece::Low {
                    up: up_key,
                    down: down_key,
                }],
                shape,
            )
        };
        let module_name = stem.strip_prefix(PEFT_PREFIX).unwrap_or(stem);
        let (alpha, scale, from) = match (peft, config) {
            (true, Some(config)) => {
                let scale = config.scale_of(module_name);
                if scale.r != rank {
                    return Err(bad(
                        stem,
                        format!(
                            "mismatched r: {down_label} has {rank} rows but {CONFIG_NAME} gives r = {} ({})",
                            scale.r, scale.from
                        ),
                    ));
                }
                (scale.alpha, scale.scale, scale.from)
            }
            (true, None) if alpha.is_none() => (
                #[allow(clippy::cast_precision_loss)]
                {
                    rank as f64
                },
                1.0,
                format!("no {CONFIG_NAME}: scale 1"),
            ),
            _ => kohya_scale(rank, alpha),
        };
        Described {
            kind: ModuleKind::Lora,
            pieces,
            shape,
            dtype,
            rank,
            scale: (alpha, scale, from),
            embedding,
            peft,
        }
    } else if families[2] {
        let tucker = has(found, Part::HadaT1) || has(found, Part::HadaT2);
        let (w1a, dtype, w1a_key) = shape_of(stem, found, shapes, Part::HadaW1A, "hada_w1_a")?;
        let (w1b, _, w1b_key) = shape_of(stem, found, shapes, Part::HadaW1B, "hada_w1_b")?;
        let (w2a, _, w2a_key) = shape_of(stem, found, shapes, Part::HadaW2A, "hada_w2_a")?;
        let (w2b, _, w2b_key) = shape_of(stem, found, shapes, Part::HadaW2B, "hada_w2_b")?;
        let shape_text = format!(
            "hada_w1_a {}, hada_w1_b {}, hada_w2_a {}, hada_w2_b {}",
            dims(w1a),
            dims(w1b),
            dims(w2a),
            dims(w2b)
        );
        if [w1a, w1b, w2a, w2b].iter().any(|s| s.len() < 2) {
            return Err(bad(
                stem,
                format!("{shape_text}: every factor needs two or more dimensions"),
            ));
        }
        let rank = w1b[0];
        let (pieces, shape) = if tucker {
            let (t1, _, t1_key) = shape_of(stem, found, shapes, Part::HadaT1, "hada_t1")?;
            let (t2, _, t2_key) = shape_of(stem, found, shapes, Part::HadaT2, "hada_t2")?;
            let chains = |t: &[usize], a: &[usize], b: &[usize]| {
                t.len() >= 3 && a.len() == 2 && b.len() == 2 && t[0] == a[0] && t[1] == b[0]
            };
            if !chains(t1, w1a, w1b)
                || !chains(t2, w2a, w2b)
                || w1a[1] != w2a[1]
                || w1b[1] != w2b[1]
                || t1[2..] != t2[2..]
            {
                return Err(bad(
                    stem,
                    format!(
                        "{shape_text}, hada_t1 {}, hada_t2 {}: they do not chain",
                        dims(t1),
                        dims(t2)
                    ),
                ));
            }
            let mut shape = vec![w1a[1], w1b[1]];
            shape.extend_from_slice(&t1[2..]);
            (
                vec![
                    Piece::Tucker {
                        core: t1_key,
                        up: w1a_key,
                        down: w1b_key,
                    },
                    Piece::Tucker {
                        core: t2_key,
                        up: w2a_key,
                        down: w2b_key,
                    },
                ],
                shape,
            )
        } else {
            if w1a.len() != 2
                || w2a.len() != 2
                || w1a[1] != w1b[0]
                || w2a[1] != w2b[0]
                || w1a[0] != w2a[0]
                || w1b[1..] != w2b[1..]
            {
                return Err(bad(stem, format!("{shape_text}: they do not chain")));
            }
            let mut shape = vec![w1a[0]];
            shape.extend_from_slice(&w1b[1..]);
            (
                vec![
                    Piece::Low {
                        up: w1a_key,
                        down: w1b_key,
                    },
                    Piece::Low {
                        up: w2a_key,
                        down: w2b_key,
                    },
                ],
                shape,
            )
        };
        if rank == 0 {
            return Err(bad(stem, "hada_w1_b has 0 rows: r is 0"));
        }
        Described {
            kind: ModuleKind::LoHa,
            pieces,
            shape,
            dtype,
            rank,
            scale: kohya_scale(rank, alpha),
            embedding: false,
            peft: false,
        }
    } else {
        lokr_module(stem, found, shapes, alpha)?
    };
    let Described {
        kind,
        pieces,
        shape: canonical_shape,
        dtype,
        rank,
        scale,
        embedding,
        peft,
    } = described;
    let total = elements(&canonical_shape);
    if total.is_none() {
        return Err(bad(
            stem,
            format!(
                "ΔW would have shape {}, whose size overflows",
                dims(&canonical_shape)
            ),
        ));
    }
    let transposed = embedding || (peft && config.is_some_and(|c| c.fan_in_fan_out));
    let stored_shape = if transposed {
        // (B·A)ᵀ of a 2-D product: (in, out).
        let mut shape = canonical_shape.clone();
        shape.reverse();
        shape
    } else {
        canonical_shape.clone()
    };
    let (alpha, scale, scale_from) = scale;
    let name = if peft {
        stem.strip_prefix(PEFT_PREFIX).unwrap_or(stem)
    } else {
        stem
    };
    let mut module = AdapterModule {
        name: name.to_owned(),
        stem: stem.to_owned(),
        kind,
        stored_shape,
        canonical_shape,
        dtype,
        facts: AdapterFacts {
            convention: if peft { "peft" } else { "kohya" }.to_owned(),
            kind: kind.name().to_owned(),
            rank,
            alpha,
            scale,
            scale_from,
            rank_bound: 0,
            factor_parameters: 0,
            rank_used: None,
            underused: None,
        },
        transposed,
        embedding,
        embedding_suffix: String::new(),
        pieces,
    };
    if let Some(Piece::Low { down, .. }) = module.pieces.first()
        && embedding
        && down.ends_with(".weight")
    {
        ".weight".clone_into(&mut module.embedding_suffix);
    }
    module.facts.rank_bound = structural_bound(&module, shapes);
    module.facts.factor_parameters = module
        .pieces
        .iter()
        .flat_map(Piece::keys)
        .filter_map(|key| shapes.get(key))
        .map(|(shape, _)| elements(shape).unwrap_or(0) as u64)
        .sum();
    Ok(module)
}

/// The largest rank ΔW can have, from the tensors' shapes alone.
fn structural_bound(module: &AdapterModule, shapes: &Shapes) -> usize {
    let matrix = |shape: &[usize]| -> (usize, usize) {
        match shape {
            [first, rest @ ..] => (*first, elements(rest).unwrap_or(0)),
            [] => (1, 1),
        }
    };
    let (m, n) = matrix(&module.canonical_shape);
    let piece_bound = |piece: &Piece| -> usize {
        match piece {
            Piece::Full(key) => {
                let (a, b) = matrix(&shapes[key].0);
                a.min(b)
            }
            Piece::Low { down, .. } | Piece::Tucker { down, .. } => shapes[down].0[0],
            Piece::Mid { mid, .. } => shapes[mid].0[0],
        }
    };
    let structural = match module.kind {
        ModuleKind::Lora => module.pieces.first().map_or(0, piece_bound),
        ModuleKind::LoHa | ModuleKind::LoKr => module
            .pieces
            .iter()
            .map(piece_bound)
            .fold(1usize, usize::saturating_mul),
    };
    structural.min(m.min(n))
}

/// A module's structure as its tensors give it, before the facts are assembled.
struct Described {
    kind: ModuleKind,
    pieces: Vec<Piece>,
    /// ΔW's shape in the factors' frame.
    shape: Vec<usize>,
    dtype: Dtype,
    rank: usize,
    /// alpha, scale, and where the scale comes from.
    scale: (f64, f64, String),
    embedding: bool,
    peft: bool,
}

/// A LoKr module: W1 ⊗ W2 (see the module notes).
#[allow(clippy::too_many_lines)] // one block per factor form, each a few checks
fn lokr_module(
    stem: &str,
    found: &[(Part, &str)],
    shapes: &Shapes,
    alpha: Option<f64>,
) -> Result<Described, Problem> {
    let mut dtype = None;
    let mut take = |part: Part, label: &str| -> Result<(Vec<usize>, String), Problem> {
        let (shape, found_dtype, key) = shape_of(stem, found, shapes, part, label)?;
        dtype.get_or_insert(found_dtype);
        Ok((shape.to_vec(), key))
    };
    // W1: full (a × b) or w1_a (a × r) · w1_b (r × b).
    let (w1_piece, (a, b), w1_rank) = if has(found, Part::LokrW1) {
        let (w1, key) = take(Part::LokrW1, "lokr_w1")?;
        let [a, b] = w1.as_slice() else {
            return Err(bad(
                stem,
                format!("lokr_w1 has shape {}; it must be 2-D", dims(&w1)),
            ));
        };
        (Piece::Full(key), (*a, *b), None)
    } else {
        let (w1a, up) = take(Part::LokrW1A, "lokr_w1 (or lokr_w1_a)")?;
        let (w1b, down) = take(Part::LokrW1B, "lokr_w1_b")?;
        let ([a, r], [r_b, b]) = (w1a.as_slice(), w1b.as_slice()) else {
            return Err(bad(
                stem,
                format!(
                    "lokr_w1_a {} and lokr_w1_b {} must be 2-D",
                    dims(&w1a),
                    dims(&w1b)
                ),
            ));
        };
        if r != r_b || *r == 0 {
            return Err(bad(
                stem,
                format!(
                    "mismatched r: lokr_w1_a {} and lokr_w1_b {}",
                    dims(&w1a),
                    dims(&w1b)
                ),
            ));
        }
        (Piece::Low { up, down }, (*a, *b), Some(*r))
    };
    // W2: full (c × d [× k…]), w2_a (c × r) · w2_b (r × d [× k…]), or Tucker.
    let (w2_piece, c, d_shape, w2_rank) = if has(found, Part::LokrW2) {
        let (w2, key) = take(Part::LokrW2, "lokr_w2")?;
        if w2.len() < 2 {
            return Err(bad(stem, format!("lokr_w2 has shape {}", dims(&w2))));
        }
        (Piece::Full(key), w2[0], w2[1..].to_vec(), None)
    } else if has(found, Part::LokrT2) {
        let (t2, core) = take(Part::LokrT2, "lokr_t2")?;
        let (w2a, up) = take(Part::LokrW2A, "lokr_w2_a")?;
        let (w2b, down) = take(Part::LokrW2B, "lokr_w2_b")?;
        if t2.len() < 3 || w2a.len() != 2 || w2b.len() != 2 || t2[0] != w2a[0] || t2[1] != w2b[0] {
            return Err(bad(
                stem,
                format!(
                    "lokr_t2 {}, lokr_w2_a {}, lokr_w2_b {}: they do not chain",
                    dims(&t2),
                    dims(&w2a),
                    dims(&w2b)
                ),
            ));
        }
        let mut d_shape = vec![w2b[1]];
        d_shape.extend_from_slice(&t2[2..]);
        (
            Piece::Tucker { core, up, down },
            w2a[1],
            d_shape,
            Some(w2b[0]),
        )
    } else {
        let (w2a, up) = take(Part::LokrW2A, "lokr_w2 (or lokr_w2_a)")?;
        let (w2b, down) = take(Part::LokrW2B, "lokr_w2_b")?;
        if w2a.len() != 2 || w2b.len() < 2 || w2a[1] != w2b[0] || w2b[0] == 0 {
            return Err(bad(
                stem,
                format!(
                    "mismatched r: lokr_w2_a {} and lokr_w2_b {}",
                    dims(&w2a),
                    dims(&w2b)
                ),
            ));
        }
        (
            Piece::Low { up, down },
            w2a[0],
            w2b[1..].to_vec(),
            Some(w2b[0]),
        )
    };
    let (Some(out), Some(first_in)) = (a.checked_mul(c), b.checked_mul(d_shape[0])) else {
        return Err(bad(stem, "ΔW's shape overflows"));
    };
    let mut shape = vec![out, first_in];
    shape.extend_from_slice(&d_shape[1..]);
    let (rank, (alpha, scale, from)) = match w1_rank.or(w2_rank) {
        Some(rank) => (rank, kohya_scale(rank, alpha)),
        None => (
            1,
            (1.0, 1.0, "both Kronecker factors full: scale 1".to_owned()),
        ),
    };
    Ok(Described {
        kind: ModuleKind::LoKr,
        pieces: vec![w1_piece, w2_piece],
        shape,
        dtype: dtype.unwrap_or(Dtype::F32),
        rank,
        scale: (alpha, scale, from),
        embedding: false,
        peft: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn tucker_down_flattens_as_lycoris_rebuilds() {
        // core r₁ = 1, r₂ = 2, kernel 2: core[0, j, k]; down 2 × 3.
        let core = array![[1.0, 2.0, 3.0, 4.0]]; // j = 0: (1, 2); j = 1: (3, 4)
        let down = array![[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]];
        // M[0, c·2 + k] = core[0,0,k]·down[0,c] + core[0,1,k]·down[1,c]
        let m = tucker_down(&core, &down);
        assert_eq!(m, array![[1.0, 2.0, 3.0, 4.0, 5.0, 8.0]]);
    }
}
