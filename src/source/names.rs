//! The names closest to a mistyped one, for "no matrix named X" messages: a checkpoint holds
//! hundreds of tensors, and the message should point at the few the user probably meant.

/// At most this many names are suggested; files with no more names than this list them all.
pub const SUGGESTED_NAMES: usize = 6;

/// Up to [`SUGGESTED_NAMES`] of `names` closest to `wanted`, best first: names that contain
/// it (or that it contains) come first, then by edit distance, both ignoring case.
#[must_use]
pub fn closest_names(wanted: &str, names: &[String]) -> Vec<String> {
    if names.len() <= SUGGESTED_NAMES {
        return names.to_vec();
    }
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(bool, usize, usize)> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let lower = name.to_lowercase();
            let contains = lower.contains(&wanted_lower) || wanted_lower.contains(&lower);
            (!contains, edit_distance(&wanted_lower, &lower), index)
        })
        .collect();
    scored.sort_unstable();
    scored
        .into_iter()
        .take(SUGGESTED_NAMES)
        .map(|(_, _, index)| names[index].clone())
        .collect()
}

/// Levenshtein distance (insertions, deletions, substitutions) over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn the_closest_few_come_first() {
        let names: Vec<String> = (0..12)
            .flat_map(|i| {
                [
                    format!("layer.{i}.attn.q.weight"),
                    format!("layer.{i}.attn.k.weight"),
                    format!("layer.{i}.mlp.up.weight"),
                ]
            })
            .collect();
        let found = closest_names("layer.3.attn.q.weigth", &names);
        assert_eq!(found.len(), SUGGESTED_NAMES);
        assert_eq!(found[0], "layer.3.attn.q.weight");
        // A substring of a name finds the names that contain it.
        let found = closest_names("mlp.up", &names);
        assert!(found.iter().all(|n| n.contains("mlp.up")), "{found:?}");
        // Few names: all of them, in file order.
        assert_eq!(closest_names("x", &names[..3]), names[..3].to_vec());
    }
}
