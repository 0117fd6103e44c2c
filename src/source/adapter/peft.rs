//! `adapter_config.json` of a Hugging Face PEFT LoRA adapter: r, alpha, their per-module
//! patterns and rsLoRA, resolved for a module exactly as PEFT resolves them.

use crate::source::error::{Problem, malformed, quoted};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::path::Path;

/// The config file PEFT writes beside `adapter_model.safetensors`.
pub(crate) const CONFIG_NAME: &str = "adapter_config.json";

const FORMAT: &str = "PEFT adapter_config.json";

/// The largest config read (a config with a rank_pattern for every module of a 1000-layer
/// model is well under 1 MB).
const MAX_CONFIG_BYTES: u64 = 16_000_000;

/// PEFT's defaults for `r` and `lora_alpha` (`LoraConfig`), used when the config omits them.
const DEFAULT_R: usize = 8;
const DEFAULT_ALPHA: f64 = 8.0;

/// A pattern key and its value, in the config's order (PEFT takes the first key that
/// matches, in dictionary order).
struct Pattern<V> {
    key: String,
    matcher: regex::Regex,
    value: V,
}

/// What a LoRA config says about scales.
pub(crate) struct PeftConfig {
    r: usize,
    lora_alpha: f64,
    rank_pattern: Vec<Pattern<usize>>,
    alpha_pattern: Vec<Pattern<f64>>,
    /// alpha / √r instead of alpha / r.
    pub(crate) use_rslora: bool,
    /// GPT-2 style `Conv1D` weights stored (in, out): ΔW is (B·A)ᵀ.
    pub(crate) fan_in_fan_out: bool,
    /// DoRA: the stored magnitude vector rescales W + ΔW, which this reader does not apply.
    pub(crate) use_dora: bool,
    /// The whole config, for writing a resized adapter that keeps every other setting.
    pub(crate) json: serde_json::Value,
}

/// r and alpha of one module, and where they came from.
pub(crate) struct ModuleScale {
    pub(crate) r: usize,
    pub(crate) alpha: f64,
    pub(crate) scale: f64,
    pub(crate) from: String,
}

/// The keys of a JSON object in file order (serde_json's own map sorts them).
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor;
        impl<'de> Visitor<'de> for OrderedVisitor {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor)
    }
}

#[derive(Deserialize)]
struct Patterns {
    #[serde(default)]
    rank_pattern: Option<Ordered>,
    #[serde(default)]
    alpha_pattern: Option<Ordered>,
}

/// The matcher PEFT's `get_pattern_key` uses: `re.match(rf"(.*\.)?({key})$", name)`.
fn matcher(key: &str) -> Result<regex::Regex, Problem> {
    regex::RegexBuilder::new(&format!(r"^(?:.*\.)?(?:{key})$"))
        .size_limit(1 << 20)
        .build()
        .map_err(|_| {
            malformed(
                FORMAT,
                format!(
                    "the pattern key `{}` is not a regular expression rankscope can read",
                    quoted(key)
                ),
            )
        })
}

fn positive_integer(value: &serde_json::Value) -> Option<usize> {
    // 8.0 is 8; 8.5 is not a rank.
    let whole = value.as_u64().or_else(|| {
        let text = value.as_f64()?.to_string();
        text.parse::<u64>().ok()
    });
    whole
        .and_then(|v| usize::try_from(v).ok())
        .filter(|&v| v >= 1)
}

fn finite_number(value: &serde_json::Value) -> Option<f64> {
    value.as_f64().filter(|v| v.is_finite())
}

impl PeftConfig {
    /// Reads and checks the config at `path`.
    pub(crate) fn read(path: &Path) -> Result<Self, Problem> {
        let bytes =
            crate::source::file::read_limited(path, MAX_CONFIG_BYTES, FORMAT, "the config")?;
        let json: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| malformed(FORMAT, format!("not JSON: {}", quoted(&e.to_string()))))?;
        let Some(object) = json.as_object() else {
            return Err(malformed(FORMAT, "it is not a JSON object"));
        };
        if let Some(kind) = object.get("peft_type") {
            let kind = kind.as_str().unwrap_or("(not a string)");
            if kind != "LORA" {
                return Err(Problem::NotAMatrix(format!(
                    "is a PEFT {} adapter (peft_type); rankscope reads PEFT LORA adapters, and \
                     LoHa/LoKr in kohya/LyCORIS files",
                    quoted(kind)
                )));
            }
        }
        let r = match object.get("r") {
            None | Some(serde_json::Value::Null) => DEFAULT_R,
            Some(value) => positive_integer(value)
                .ok_or_else(|| malformed(FORMAT, "`r` is not a positive integer"))?,
        };
        let lora_alpha = match object.get("lora_alpha") {
            None | Some(serde_json::Value::Null) => DEFAULT_ALPHA,
            Some(value) => finite_number(value)
                .ok_or_else(|| malformed(FORMAT, "`lora_alpha` is not a number"))?,
        };
        let flag = |name: &str| -> Result<bool, Problem> {
            match object.get(name) {
                None | Some(serde_json::Value::Null) => Ok(false),
                Some(value) => value
                    .as_bool()
                    .ok_or_else(|| malformed(FORMAT, format!("`{name}` is not true or false"))),
            }
        };
        let patterns: Patterns = serde_json::from_slice(&bytes)
            .map_err(|_| malformed(FORMAT, "`rank_pattern` or `alpha_pattern` is not an object"))?;
        let mut rank_pattern = Vec::new();
        for (key, value) in patterns.rank_pattern.map(|p| p.0).unwrap_or_default() {
            let value = positive_integer(&value).ok_or_else(|| {
                malformed(
                    FORMAT,
                    format!("rank_pattern `{}` is not a positive integer", quoted(&key)),
                )
            })?;
            rank_pattern.push(Pattern {
                matcher: matcher(&key)?,
                key,
                value,
            });
        }
        let mut alpha_pattern = Vec::new();
        for (key, value) in patterns.alpha_pattern.map(|p| p.0).unwrap_or_default() {
            let value = finite_number(&value).ok_or_else(|| {
                malformed(
                    FORMAT,
                    format!("alpha_pattern `{}` is not a number", quoted(&key)),
                )
            })?;
            alpha_pattern.push(Pattern {
                matcher: matcher(&key)?,
                key,
                value,
            });
        }
        Ok(Self {
            r,
            lora_alpha,
            rank_pattern,
            alpha_pattern,
            use_rslora: flag("use_rslora")?,
            fan_in_fan_out: flag("fan_in_fan_out")?,
            use_dora: flag("use_dora")?,
            json,
        })
    }

    /// r, alpha and scale of `module` (its name in the model, e.g.
    /// `model.layers.0.self_attn.q_proj`): r from the first `rank_pattern` key that matches
    /// it, else `r`; alpha likewise from `alpha_pattern`, else `lora_alpha`; scale alpha / r,
    /// or alpha / √r with `use_rslora` (PEFT's `LoraModel._create_and_replace` and
    /// `LoraLayer.update_layer`).
    pub(crate) fn scale_of(&self, module: &str) -> ModuleScale {
        let rank_key = self
            .rank_pattern
            .iter()
            .find(|p| p.matcher.is_match(module));
        let alpha_key = self
            .alpha_pattern
            .iter()
            .find(|p| p.matcher.is_match(module));
        let r = rank_key.map_or(self.r, |p| p.value);
        let alpha = alpha_key.map_or(self.lora_alpha, |p| p.value);
        #[allow(clippy::cast_precision_loss)] // ranks are far below 2^52
        let scale = if self.use_rslora {
            alpha / (r as f64).sqrt()
        } else {
            alpha / r as f64
        };
        let mut from = vec![CONFIG_NAME.to_owned()];
        if let Some(p) = rank_key {
            from.push(format!("rank_pattern `{}`", quoted(&p.key)));
        }
        if let Some(p) = alpha_key {
            from.push(format!("alpha_pattern `{}`", quoted(&p.key)));
        }
        if self.use_rslora {
            from.push("rsLoRA: alpha / √r".to_owned());
        }
        ModuleScale {
            r,
            alpha,
            scale,
            from: from.join(", "),
        }
    }
}

/// What rankscope writes into a config's `rank_pattern`/`alpha_pattern` for a module: its
/// name as it is, unless PEFT's matching would give that key to another module too (one
/// module name a dotted suffix of another); then an anchored, escaped key that matches it
/// alone.
#[must_use]
pub fn pattern_keys(modules: &[String]) -> Vec<String> {
    let plain_is_exact = modules.iter().all(|key| {
        matcher(key).is_ok_and(|m| modules.iter().filter(|name| m.is_match(name)).count() == 1)
    });
    modules
        .iter()
        .map(|name| {
            if plain_is_exact {
                name.clone()
            } else {
                format!("^{}", regex::escape(name))
            }
        })
        .collect()
}

/// The first key of `keys` (in order) that PEFT's matching gives to `module`.
#[must_use]
pub fn matching_key<'a>(keys: &'a [String], module: &str) -> Option<&'a str> {
    keys.iter()
        .find(|key| matcher(key).is_ok_and(|m| m.is_match(module)))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn config(text: &str) -> Result<PeftConfig, Problem> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        PeftConfig::read(file.path())
    }

    #[test]
    fn patterns_match_as_peft_matches_them_first_key_first() {
        // PEFT: re.match(r"(.*\.)?(key)$", name), first matching key in dictionary order.
        let config = config(
            r#"{"peft_type": "LORA", "r": 8, "lora_alpha": 16,
                "rank_pattern": {"v_proj": 4, "layers.0.self_attn.v_proj": 2},
                "alpha_pattern": {"q_proj": 32}}"#,
        )
        .unwrap();
        let v0 = config.scale_of("model.layers.0.self_attn.v_proj");
        // "v_proj" comes first and matches: r = 4, not 2.
        assert_eq!((v0.r, v0.alpha), (4, 16.0));
        assert!((v0.scale - 4.0).abs() < 1e-15);
        let q = config.scale_of("model.layers.3.self_attn.q_proj");
        assert_eq!((q.r, q.alpha), (8, 32.0));
        // A key matches a whole dotted suffix only: "q_proj" does not match "xq_proj".
        let other = config.scale_of("model.layers.3.self_attn.xq_proj");
        assert_eq!((other.r, other.alpha), (8, 16.0));
    }

    #[test]
    fn rslora_divides_by_the_square_root_of_r() {
        let config = config(r#"{"r": 16, "lora_alpha": 8, "use_rslora": true}"#).unwrap();
        let scale = config.scale_of("m");
        assert!((scale.scale - 2.0).abs() < 1e-15);
    }

    #[test]
    fn other_peft_types_and_bad_values_are_refused() {
        let why = config(r#"{"peft_type": "LOHA"}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(why.contains("PEFT LOHA adapter"), "{why}");
        let why = config(r#"{"r": 0}"#).err().unwrap().to_string();
        assert!(why.contains("`r` is not a positive integer"), "{why}");
        let why = config(r#"{"rank_pattern": {"a": "x"}}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(why.contains("rank_pattern `a`"), "{why}");
    }

    #[test]
    fn pattern_keys_are_plain_unless_a_name_is_a_suffix_of_another() {
        let plain = ["a.q".to_owned(), "a.v".to_owned()];
        assert_eq!(pattern_keys(&plain), plain.to_vec());
        let nested = ["x.a.q".to_owned(), "a.q".to_owned()];
        let keys = pattern_keys(&nested);
        for name in &nested {
            let key = matching_key(&keys, name).unwrap();
            assert_eq!(
                keys.iter().position(|k| k == key),
                nested.iter().position(|n| n == name)
            );
        }
    }
}
