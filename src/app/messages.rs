//! The window's error messages, each tied to what it is about, so that it goes away once that
//! is put right (the file opens, the export lands), and a repeated one does not pile up.

/// What an error message is about; a success of the same kind clears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// The file or matrix being opened or shown.
    Shown,
    /// An export.
    Export,
    /// The Model view's scan or comparison.
    Scan,
    /// Anything else (a screenshot); cleared only by the user.
    Other,
}

/// At most this many messages are kept; older ones go first.
const MAX_ERRORS: usize = 20;

/// Error messages, oldest first.
#[derive(Debug, Default)]
pub struct Errors {
    texts: Vec<String>,
    topics: Vec<Topic>,
}

impl Errors {
    /// Adds a message about nothing in particular.
    pub fn push(&mut self, text: impl Into<String>) {
        self.push_about(Topic::Other, text);
    }

    /// Adds a message about `topic`; the same text again moves to the end instead of
    /// appearing twice.
    pub fn push_about(&mut self, topic: Topic, text: impl Into<String>) {
        let text = text.into();
        if let Some(index) = self.texts.iter().position(|t| *t == text) {
            self.remove(index);
        }
        self.texts.push(text);
        self.topics.push(topic);
        if self.texts.len() > MAX_ERRORS {
            self.remove(0);
        }
    }

    /// Removes every message about one of `topics`: what they were about is now fine.
    pub fn clear_about(&mut self, topics: &[Topic]) {
        let mut index = 0;
        while index < self.texts.len() {
            if topics.contains(&self.topics[index]) {
                self.remove(index);
            } else {
                index += 1;
            }
        }
    }

    /// Removes message `index` (none if out of range).
    pub fn remove(&mut self, index: usize) {
        if index < self.texts.len() {
            self.texts.remove(index);
            self.topics.remove(index);
        }
    }

    /// Removes every message.
    pub fn clear(&mut self) {
        self.texts.clear();
        self.topics.clear();
    }

    /// The messages, oldest first.
    #[must_use]
    pub fn as_slice(&self) -> &[String] {
        &self.texts
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_clears_its_own_topic_and_repeats_do_not_pile_up() {
        let mut errors = Errors::default();
        errors.push_about(Topic::Shown, "a.npy: broken");
        errors.push_about(Topic::Export, "out.npz: cannot write");
        errors.push("screenshot failed");
        errors.push_about(Topic::Shown, "a.npy: broken");
        assert_eq!(
            errors.as_slice(),
            [
                "out.npz: cannot write",
                "screenshot failed",
                "a.npy: broken"
            ]
        );
        errors.clear_about(&[Topic::Shown]);
        assert_eq!(
            errors.as_slice(),
            ["out.npz: cannot write", "screenshot failed"]
        );
        for i in 0..50 {
            errors.push(format!("error {i}"));
        }
        assert_eq!(errors.as_slice().len(), MAX_ERRORS);
        assert_eq!(
            errors.as_slice().last().map(String::as_str),
            Some("error 49")
        );
    }
}
