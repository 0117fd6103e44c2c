//! Everything that can be wrong with an input file, each naming the file.

use crate::matrix::NonFiniteCount;
use crate::memory::MemoryError;
use std::fmt::Write;
use std::path::PathBuf;
use thiserror::Error;

/// A file that cannot be listed or loaded, with the reason.
#[derive(Debug, Error)]
#[error("{}: {problem}", printable(&path.display().to_string(), PATH_LIMIT_CHARS))]
pub struct SourceError {
    /// The file (or folder) concerned.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with an input file.
#[derive(Debug, Error)]
pub enum Problem {
    /// The OS refused to read it.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// A directory where a file was expected.
    #[error("is a directory, not a matrix file")]
    IsDirectory,
    /// A FIFO, socket or device where a file was expected (refused before it is opened:
    /// reading a FIFO blocks, reading `/dev/zero` never ends).
    #[error("{}{kind}, not a regular file", link_target.as_ref().map_or_else(
        || "is ".to_owned(),
        |target| format!("is a symbolic link to {}, ", printable(&target.display().to_string(), PATH_LIMIT_CHARS)),
    ))]
    NotRegularFile {
        /// "a FIFO", "a socket", "a character device", "a block device".
        kind: &'static str,
        /// Where a symbolic link leads, when the path is one.
        link_target: Option<PathBuf>,
    },
    /// The extension is none rankscope reads.
    #[error(
        "unknown file type \"{}\" (rankscope reads .safetensors .pt .pth .bin .ckpt .gguf .npy .npz .csv .tsv .png .jpg .jpeg .webp .bmp .tif .tiff)",
        quoted(.0)
    )]
    UnknownExtension(String),
    /// A pickle (in a PyTorch file) that names a global `torch.load(weights_only=True)` does not
    /// accept: it could run code if unpickled, so it is refused unread. The message ends with
    /// the next step: for a global that is no way to run code (a Lightning checkpoint's
    /// hyper-parameters, a numpy scalar), how to re-save the tensors alone with torch.
    #[error(
        "the pickle names the global `{}`, which torch.load(weights_only=True) refuses too, and rankscope never runs pickled code; {}",
        quoted(global),
        if *runs_code {
            "unpickling it would run code: do not load this file with weights_only=False"
        } else {
            "if you trust the file, save its tensors alone with torch and open that: torch.save(torch.load(FILE, weights_only=False)[\"state_dict\"], \"weights.pt\") (\"state_dict\" is Lightning's key for them)"
        }
    )]
    UnsafePickleGlobal {
        /// `module.name`, as the pickle spells it.
        global: String,
        /// Whether the global is a way to run code (`posix.system`, `builtins.eval`…).
        runs_code: bool,
    },
    /// The content is another format than the extension says.
    #[error("the name says {expected} but the content looks like {found}; rename the file")]
    WrongExtension {
        /// Format the extension names.
        expected: &'static str,
        /// Format the first bytes match.
        found: &'static str,
    },
    /// The bytes do not form a valid file of the format.
    #[error("not a valid {format} file: {detail}")]
    Malformed {
        /// `".npy"`, `"safetensors"`, …
        format: &'static str,
        /// What exactly is wrong.
        detail: String,
    },
    /// A numeric type rankscope does not read.
    #[error(
        "`{}` has dtype {dtype}; rankscope reads floating-point, integer and bool data",
        quoted(name)
    )]
    UnsupportedDtype {
        /// Entry name.
        name: String,
        /// The type as the file names it.
        dtype: String,
    },
    /// A listed entry that is not a matrix (1-D, empty, overflowing shape).
    #[error("{0}")]
    NotAMatrix(String),
    /// Values that are NaN or infinite (refused unless the source replaces them with 0).
    #[error(
        "`{}` has {found}; rankscope needs finite numbers (--nan-to-zero replaces them with 0)",
        quoted(name)
    )]
    NonFinite {
        /// Entry name.
        name: String,
        /// How many there are and where the first one is.
        found: NonFiniteCount,
    },
    /// The file holds no matrix at all.
    #[error("holds no tensors")]
    NoEntries,
    /// The requested name is not in the file.
    #[error(
        "has no matrix named `{}`; {}",
        quoted(name),
        suggestions(candidates, *total)
    )]
    NoSuchEntry {
        /// What was asked for.
        name: String,
        /// The names closest to it (all of them in a small file).
        candidates: Vec<String>,
        /// How many names the file holds.
        total: usize,
    },
    /// Several matrices and no choice made.
    #[error("holds {} matrices; choose one with --tensor: {}", candidates.len(), name_list(candidates))]
    Ambiguous {
        /// What the file holds.
        candidates: Vec<String>,
    },
    /// The working copy would not fit in memory.
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

/// "it holds: a, b" when `candidates` are every name, else the closest few and where the
/// rest are.
fn suggestions(candidates: &[String], total: usize) -> String {
    if candidates.len() >= total {
        format!("it holds: {}", name_list(candidates))
    } else {
        format!(
            "the closest of its {total} names: {} (`rankscope info` lists them all)",
            name_list(candidates)
        )
    }
}

impl SourceError {
    /// Attaches `path` to `problem`.
    pub fn new(path: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        Self {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

/// `text` on one line: its non-blank lines, trimmed and joined by spaces, with any control
/// character left escaped ([`printable`]). Messages from libraries (image decoders) can span
/// lines; the window and stderr show one.
#[must_use]
pub fn one_line(text: &str) -> String {
    let joined = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    printable(&joined, usize::MAX)
}

/// The most characters of one name, field or header that a message quotes: a 5 MB CSV
/// field or tensor name must not become a 5 MB line on stderr.
pub const QUOTE_LIMIT_CHARS: usize = 200;

/// The most characters of a path a message shows (Linux's `PATH_MAX` is 4096 bytes; a
/// longer one comes from a file, e.g. a shard name in an index).
const PATH_LIMIT_CHARS: usize = 4096;

/// How many names a list in a message shows before "… and N more".
const LIST_LIMIT: usize = 20;

/// `text` as it may safely be shown on a terminal: control characters (C0, DEL, C1) and the
/// bidirectional-text overrides written as escapes (`\n`, `\u{1b}`), so that a name read from
/// a file cannot clear the screen, move the cursor or reorder what is shown; then cut after
/// `max_chars` characters with how many more there were.
///
/// Used for every name, field or header quoted in a message (with [`QUOTE_LIMIT_CHARS`]) and
/// for names in text listings (`info`, `analyze`), which are not cut.
#[must_use]
pub fn printable(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    for (shown, c) in text.chars().enumerate() {
        if shown == max_chars {
            let more = text.chars().count() - max_chars;
            let _ = write!(out, "… ({more} more characters)");
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// [`printable`] with the limit for one quoted name, field or header.
#[must_use]
pub fn quoted(text: &str) -> String {
    printable(text, QUOTE_LIMIT_CHARS)
}

/// Characters that reorder the text around them when displayed (the "Trojan Source" ones).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Names for a message: each quoted, at most `LIST_LIMIT` of them, then how many more.
#[must_use]
pub fn name_list<S: AsRef<str>>(names: &[S]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(LIST_LIMIT)
        .map(|n| quoted(n.as_ref()))
        .collect();
    if names.len() > LIST_LIMIT {
        shown.push(format!("… and {} more", names.len() - LIST_LIMIT));
    }
    shown.join(", ")
}

/// Shorthand for a [`Problem::Malformed`].
pub(crate) fn malformed(format: &'static str, detail: impl Into<String>) -> Problem {
    Problem::Malformed {
        format,
        detail: detail.into(),
    }
}
