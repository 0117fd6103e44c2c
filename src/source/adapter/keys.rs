//! Which tensors of a file make up which adapter module: the end of each name says.

/// What a tensor is to its module, from the end of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Part {
    LoraA,
    LoraB,
    EmbeddingA,
    EmbeddingB,
    Down,
    Up,
    Mid,
    Alpha,
    HadaW1A,
    HadaW1B,
    HadaW2A,
    HadaW2B,
    HadaT1,
    HadaT2,
    LokrW1,
    LokrW1A,
    LokrW1B,
    LokrW2,
    LokrW2A,
    LokrW2B,
    LokrT2,
}

/// Suffixes of module tensors. None is a suffix of another, so the first match is the match.
const SUFFIXES: [(&str, Part); 23] = [
    (".lora_A.weight", Part::LoraA),
    (".lora_B.weight", Part::LoraB),
    (".lora_embedding_A", Part::EmbeddingA),
    (".lora_embedding_B", Part::EmbeddingB),
    (".lora_embedding_A.weight", Part::EmbeddingA),
    (".lora_embedding_B.weight", Part::EmbeddingB),
    (".lora_down.weight", Part::Down),
    (".lora_up.weight", Part::Up),
    (".lora_mid.weight", Part::Mid),
    (".alpha", Part::Alpha),
    (".hada_w1_a", Part::HadaW1A),
    (".hada_w1_b", Part::HadaW1B),
    (".hada_w2_a", Part::HadaW2A),
    (".hada_w2_b", Part::HadaW2B),
    (".hada_t1", Part::HadaT1),
    (".hada_t2", Part::HadaT2),
    (".lokr_w1", Part::LokrW1),
    (".lokr_w1_a", Part::LokrW1A),
    (".lokr_w1_b", Part::LokrW1B),
    (".lokr_w2", Part::LokrW2),
    (".lokr_w2_a", Part::LokrW2A),
    (".lokr_w2_b", Part::LokrW2B),
    (".lokr_t2", Part::LokrT2),
];

/// The prefix PEFT's `PeftModel` puts before a module's name in the state dict.
pub(super) const PEFT_PREFIX: &str = "base_model.model.";

pub(super) fn split_key(key: &str) -> Option<(&str, Part)> {
    SUFFIXES.iter().find_map(|&(suffix, part)| {
        let stem = key.strip_suffix(suffix)?;
        (!stem.is_empty()).then_some((stem, part))
    })
}

/// Whether `names` (a safetensors file's tensors) are an adapter's: some tensor is a LoRA,
/// LoHa or LoKr factor of a named module (`<module>.lora_A.weight`, `<name>.lora_down.weight`,
/// `<name>.hada_w1_a`, `<name>.lokr_w1`, …). A checkpoint has none of these; rankscope's own
/// single-matrix `lora` export (`lora_A`, `lora_B`, no module) stays a plain file.
pub(crate) fn holds_adapter<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    names
        .into_iter()
        .any(|name| split_key(name).is_some_and(|(_, part)| part != Part::Alpha))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_name_their_module() {
        assert_eq!(
            split_key("base_model.model.layers.0.q.lora_A.weight"),
            Some(("base_model.model.layers.0.q", Part::LoraA))
        );
        assert_eq!(
            split_key("lora_unet_x.lokr_w1_a"),
            Some(("lora_unet_x", Part::LokrW1A))
        );
        assert_eq!(
            split_key("lora_unet_x.lokr_w1"),
            Some(("lora_unet_x", Part::LokrW1))
        );
        assert_eq!(split_key("lora_A"), None);
        assert!(!holds_adapter(["lora_A", "lora_B", "model.weight"]));
        assert!(holds_adapter(["x.lora_up.weight"]));
        assert!(!holds_adapter(["x.alpha"]));
    }
}
