//! A pickle reader that never runs anything: the opcodes are interpreted into plain values
//! (numbers, strings, lists, tuples, dicts) and the globals `torch.load(weights_only=True)`
//! accepts by default — tensor rebuilds, storages, `collections.OrderedDict`/`Counter`,
//! `torch.Size`, `torch.device`, dtypes, `_codecs.encode`, `builtins.set`/`bytearray`/
//! `complex` — are recognised by name and built here as inert data. Every other global
//! (`os.system`, `builtins.eval`, a model class…) is refused at the opcode that names it,
//! before anything after it is read.
//!
//! Containers live in arenas and refer to each other by index, so no value owns another:
//! however deep or cyclic a hostile pickle makes them, dropping them is flat, and a memo
//! `GET` copies an index, not a subtree. Every opcode adds at most one value, and the number of
//! values is capped ([`MAX_VALUES`]), so the memory a pickle can make us use is bounded by a
//! small multiple of its length and never by what it claims.

use super::error::{Problem, malformed, quoted};
use crate::matrix::dtype::Dtype;

/// The format named in messages about a broken pickle.
pub(crate) const FORMAT: &str = "PyTorch";

/// The most values (numbers, strings, containers, memo entries) one pickle may create: a
/// state dict of 100 000 tensors makes about a million; 16 bytes each, this caps a hostile
/// pickle at a few hundred MB of bookkeeping.
const MAX_VALUES: usize = 8_000_000;

/// The magic number the legacy (pre-1.6) format pickles first.
pub(crate) const LEGACY_MAGIC: [u8; 10] =
    [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/// One pickled value. Containers, strings and tensors are indices into the [`Pickle`]'s arenas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// An integer wider than 64 bits: its little-endian two's-complement bytes.
    BigInt(usize),
    Float(f64),
    Str(usize),
    /// Bytes (a `bytes` or `bytearray`; the contents are not kept).
    Bytes,
    /// A value an allowed global built that no listing needs: a complex number, a
    /// `torch.device`, a tensor layout.
    Other,
    List(usize),
    Tuple(usize),
    Dict(usize),
    Global(Global),
    Storage(usize),
    Tensor(usize),
}

/// The globals a state dict may name; any other is refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Global {
    /// `torch._utils._rebuild_tensor` (before PyTorch 0.4).
    RebuildTensor,
    /// `torch._utils._rebuild_tensor_v2`.
    RebuildTensorV2,
    /// `torch._utils._rebuild_parameter` and `_rebuild_parameter_with_state`.
    RebuildParameter,
    /// `collections.OrderedDict`.
    OrderedDict,
    /// `torch.FloatStorage` and the other typed storages: the element type.
    StorageType(StorageType),
    /// `collections.Counter`: built as a dict.
    Counter,
    /// `builtins.set`: built as a list of its items.
    Set,
    /// `builtins.bytearray` and `_codecs.encode` (how protocol 2 pickles `bytes`).
    Bytes,
    /// `builtins.complex`, `torch.device`, `torch.serialization._get_layout`: an inert value.
    Inert,
    /// `torch.Size`: built as a tuple of its sizes.
    Size,
    /// `torch.nn.parameter.Parameter`: called with a tensor, it is that tensor.
    Parameter,
    /// `torch.Tensor`: named as a type (by `_rebuild_from_type_v2`), never built empty.
    Tensor,
    /// `torch._tensor._rebuild_from_type_v2(func, type, args, state)`: `func(*args)`.
    RebuildFromType,
    /// A dtype (`torch.float16`) or quantisation scheme (`torch.per_tensor_affine`): a name
    /// used as a value, never called.
    Constant,
    /// A tensor rebuild `torch.load(weights_only=True)` accepts but rankscope cannot read
    /// (quantised, sparse, meta, subclass, device tensors): refused where it is called.
    UnreadTensor(&'static str),
}

/// A storage class: the element type it holds and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StorageType {
    pub(crate) dtype: Dtype,
    pub(crate) element_bytes: usize,
}

/// A storage a persistent id names: `('storage', type, key, location, numel[, view])`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StorageRef {
    /// `data/<key>` in the zip format; the key in the legacy format's storage list.
    pub(crate) key: String,
    pub(crate) kind: StorageType,
    /// Elements the persistent id declares.
    pub(crate) numel: u64,
    /// Elements from the start of the stored storage (legacy views of a storage).
    pub(crate) view_offset: u64,
}

/// A tensor: a view of a storage.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TensorRef {
    pub(crate) storage: usize,
    /// In elements.
    pub(crate) offset: u64,
    pub(crate) shape: Vec<u64>,
    /// In elements.
    pub(crate) stride: Vec<u64>,
}

/// A parsed pickle: its result and the arenas its values point into.
#[derive(Debug, Default)]
pub(crate) struct Pickle {
    pub(crate) root: Option<Value>,
    /// Bytes the pickle took, up to and including its STOP.
    pub(crate) length: usize,
    strings: Vec<String>,
    big_ints: Vec<Vec<u8>>,
    lists: Vec<Vec<Value>>,
    tuples: Vec<Vec<Value>>,
    dicts: Vec<Vec<(Value, Value)>>,
    pub(crate) storages: Vec<StorageRef>,
    pub(crate) tensors: Vec<TensorRef>,
}

impl Pickle {
    pub(crate) fn str(&self, id: usize) -> &str {
        &self.strings[id]
    }

    pub(crate) fn big_int(&self, id: usize) -> &[u8] {
        &self.big_ints[id]
    }

    pub(crate) fn list(&self, id: usize) -> &[Value] {
        &self.lists[id]
    }

    pub(crate) fn tuple(&self, id: usize) -> &[Value] {
        &self.tuples[id]
    }

    pub(crate) fn dict(&self, id: usize) -> &[(Value, Value)] {
        &self.dicts[id]
    }

    /// The items of a list or tuple.
    pub(crate) fn sequence(&self, value: Value) -> Option<&[Value]> {
        match value {
            Value::List(id) => Some(self.list(id)),
            Value::Tuple(id) => Some(self.tuple(id)),
            _ => None,
        }
    }
}

/// The global `module.name`, if it is one `torch.load(weights_only=True)` accepts by default
/// (torch/_weights_only_unpickler.py's `_get_allowed_globals`). Protocol 2 spells builtins
/// `__builtin__`, as Python 2 did; torch maps it back, and so does this.
fn allowed_global(module: &str, name: &str) -> Option<Global> {
    let module = if module == "__builtin__" {
        "builtins"
    } else {
        module
    };
    match (module, name) {
        ("torch._utils", "_rebuild_tensor") => Some(Global::RebuildTensor),
        ("torch._utils", "_rebuild_tensor_v2") => Some(Global::RebuildTensorV2),
        ("torch._utils", "_rebuild_parameter" | "_rebuild_parameter_with_state") => {
            Some(Global::RebuildParameter)
        }
        ("torch._utils", unread) => unread_rebuild(unread).map(Global::UnreadTensor),
        ("torch._tensor", "_rebuild_from_type_v2") => Some(Global::RebuildFromType),
        ("collections", "OrderedDict") => Some(Global::OrderedDict),
        ("collections", "Counter") => Some(Global::Counter),
        ("builtins", "set") => Some(Global::Set),
        ("builtins", "bytearray") | ("_codecs", "encode") => Some(Global::Bytes),
        ("builtins", "complex") | ("torch.serialization", "_get_layout") | ("torch", "device") => {
            Some(Global::Inert)
        }
        ("torch", "Size") => Some(Global::Size),
        ("torch", "Tensor") => Some(Global::Tensor),
        ("torch.nn.parameter", "Parameter") => Some(Global::Parameter),
        ("torch", name) if is_dtype(name) || is_qscheme(name) => Some(Global::Constant),
        ("torch", storage) => storage_type(storage).map(Global::StorageType),
        _ => None,
    }
}

/// The dtypes `torch.<name>` torch pickles by name (`str(torch.float16)` is `torch.float16`).
fn is_dtype(name: &str) -> bool {
    matches!(
        name,
        "float64"
            | "float32"
            | "float16"
            | "bfloat16"
            | "complex32"
            | "complex64"
            | "complex128"
            | "int64"
            | "int32"
            | "int16"
            | "int8"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "bool"
            | "qint8"
            | "quint8"
            | "qint32"
            | "quint4x2"
            | "quint2x4"
            | "float8_e4m3fn"
            | "float8_e5m2"
            | "float8_e4m3fnuz"
            | "float8_e5m2fnuz"
            | "float8_e8m0fnu"
            | "float4_e2m1fn_x2"
            | "bits8"
            | "bits16"
            | "bits1x8"
            | "bits2x4"
            | "bits4x2"
    ) || name
        .strip_prefix("uint")
        .or_else(|| name.strip_prefix("int"))
        .is_some_and(|bits| matches!(bits, "1" | "2" | "3" | "4" | "5" | "6" | "7"))
}

/// The quantisation schemes `torch.<name>`.
fn is_qscheme(name: &str) -> bool {
    matches!(
        name,
        "per_tensor_affine"
            | "per_tensor_symmetric"
            | "per_channel_affine"
            | "per_channel_symmetric"
            | "per_channel_affine_float_qparams"
    )
}

/// The tensor rebuilds `torch.load(weights_only=True)` accepts that make tensors rankscope does
/// not read, by what they make.
fn unread_rebuild(name: &str) -> Option<&'static str> {
    Some(match name {
        "_rebuild_qtensor" => "a quantised tensor",
        "_rebuild_sparse_tensor" => "a sparse tensor",
        "_rebuild_tensor_v3" => "a tensor of an untyped storage",
        "_rebuild_meta_tensor_no_storage" => "a meta tensor (no data)",
        "_rebuild_wrapper_subclass" => "a tensor subclass",
        "_rebuild_device_tensor_from_numpy" | "_rebuild_device_tensor_from_cpu_tensor" => {
            "a device tensor"
        }
        _ => return None,
    })
}

/// The typed storage classes `torch.save` names (`torch.FloatStorage`, …).
fn storage_type(name: &str) -> Option<StorageType> {
    let (dtype, element_bytes) = match name {
        "DoubleStorage" => (Dtype::F64, 8),
        "FloatStorage" => (Dtype::F32, 4),
        "HalfStorage" => (Dtype::F16, 2),
        "BFloat16Storage" => (Dtype::Bf16, 2),
        "LongStorage" => (Dtype::I64, 8),
        "IntStorage" => (Dtype::I32, 4),
        "ShortStorage" => (Dtype::I16, 2),
        "CharStorage" => (Dtype::I8, 1),
        "ByteStorage" => (Dtype::U8, 1),
        "BoolStorage" => (Dtype::Bool, 1),
        "UInt16Storage" => (Dtype::U16, 2),
        "UInt32Storage" => (Dtype::U32, 4),
        "UInt64Storage" => (Dtype::U64, 8),
        "ComplexHalfStorage" => (Dtype::Unsupported("complex32"), 4),
        "ComplexFloatStorage" => (Dtype::Unsupported("complex64"), 8),
        "ComplexDoubleStorage" => (Dtype::Unsupported("complex128"), 16),
        "Float8_e4m3fnStorage" => (Dtype::Unsupported("float8_e4m3fn"), 1),
        "Float8_e5m2Storage" => (Dtype::Unsupported("float8_e5m2"), 1),
        "Float8_e4m3fnuzStorage" => (Dtype::Unsupported("float8_e4m3fnuz"), 1),
        "Float8_e5m2fnuzStorage" => (Dtype::Unsupported("float8_e5m2fnuz"), 1),
        _ => return None,
    };
    Some(StorageType {
        dtype,
        element_bytes,
    })
}

/// The refusal of a global that is none of the tensor, storage and container ones.
fn refused_global(module: &str, name: &str) -> Problem {
    Problem::UnsafePickleGlobal {
        global: format!("{module}.{name}"),
        runs_code: runs_code(module, name),
    }
}

/// Whether the global `module.name` is a way to run code (a shell, `eval`, an import): the
/// refusal then warns instead of telling how to re-save the file's tensors with torch, which
/// would unpickle it. Anything else refused (a numpy scalar, `argparse.Namespace` in a
/// Lightning checkpoint's hyper-parameters, a model class) gets that next step.
fn runs_code(module: &str, name: &str) -> bool {
    let top = module.split('.').next().unwrap_or(module);
    match top {
        "builtins" | "__builtin__" => matches!(
            name,
            "eval"
                | "exec"
                | "execfile"
                | "compile"
                | "__import__"
                | "open"
                | "getattr"
                | "setattr"
                | "delattr"
                | "globals"
                | "locals"
                | "vars"
                | "input"
                | "apply"
                | "breakpoint"
        ),
        _ => matches!(
            top,
            "os" | "posix"
                | "nt"
                | "subprocess"
                | "_posixsubprocess"
                | "sys"
                | "runpy"
                | "pty"
                | "socket"
                | "shutil"
                | "importlib"
                | "webbrowser"
                | "code"
                | "codeop"
                | "pickle"
                | "_pickle"
                | "marshal"
                | "ctypes"
                | "commands"
                | "multiprocessing"
                | "pdb"
                | "timeit"
                | "types"
                | "operator"
                | "functools"
        ),
    }
}

/// Parses one pickle from the start of `bytes` (which may go on after its STOP).
pub(crate) fn parse(bytes: &[u8]) -> Result<Pickle, Problem> {
    let mut machine = Machine {
        input: bytes,
        at: 0,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: std::collections::HashMap::new(),
        pickle: Pickle::default(),
        values: 0,
    };
    let root = machine.run()?;
    let mut pickle = machine.pickle;
    pickle.root = Some(root);
    pickle.length = machine.at;
    Ok(pickle)
}

struct Machine<'a> {
    input: &'a [u8],
    at: usize,
    stack: Vec<Value>,
    /// Stack lengths at each open MARK.
    marks: Vec<usize>,
    memo: std::collections::HashMap<u32, Value>,
    pickle: Pickle,
    /// Values created so far (see [`MAX_VALUES`]).
    values: usize,
}

fn truncated() -> Problem {
    malformed(FORMAT, "the pickle ends early (truncated)")
}

impl<'a> Machine<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Problem> {
        let end = self.at.checked_add(n).ok_or_else(truncated)?;
        let bytes = self.input.get(self.at..end).ok_or_else(truncated)?;
        self.at = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8, Problem> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Problem> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// A length field: refused if it says more than what is left, before anything is read.
    fn length(&mut self, declared: u64) -> Result<usize, Problem> {
        let left = self.input.len() - self.at;
        match usize::try_from(declared) {
            Ok(n) if n <= left => Ok(n),
            _ => Err(malformed(
                FORMAT,
                format!(
                    "the pickle declares a {declared}-byte item but only {left} bytes are left (truncated?)"
                ),
            )),
        }
    }

    /// A text line (protocol 0 arguments, GLOBAL's module and name), without its newline.
    fn line(&mut self) -> Result<&'a str, Problem> {
        let rest = &self.input[self.at..];
        let Some(end) = rest.iter().take(4096).position(|&b| b == b'\n') else {
            return Err(if rest.len() < 4096 {
                truncated()
            } else {
                malformed(FORMAT, "a pickle text argument runs past 4096 bytes")
            });
        };
        self.at += end + 1;
        std::str::from_utf8(&rest[..end])
            .map_err(|_| malformed(FORMAT, "a pickle text argument is not UTF-8"))
    }

    fn count(&mut self) -> Result<(), Problem> {
        self.charge(1)
    }

    /// Counts `n` values against [`MAX_VALUES`]: also the items a call copies out of its
    /// arguments, so that calling through the memo with one huge tuple or list again and
    /// again costs what building that many values would.
    fn charge(&mut self, n: usize) -> Result<(), Problem> {
        self.values = self.values.saturating_add(n);
        if self.values > MAX_VALUES {
            return Err(malformed(
                FORMAT,
                format!(
                    "the pickle builds more than {MAX_VALUES} values, far more than any checkpoint's"
                ),
            ));
        }
        Ok(())
    }

    fn push(&mut self, value: Value) -> Result<(), Problem> {
        self.count()?;
        self.stack.push(value);
        Ok(())
    }

    fn pop(&mut self) -> Result<Value, Problem> {
        // A MARK above the top means the stack is empty for this operation.
        if self.marks.last().is_some_and(|&m| m >= self.stack.len()) {
            return Err(malformed(FORMAT, "a pickle opcode pops past a MARK"));
        }
        self.stack
            .pop()
            .ok_or_else(|| malformed(FORMAT, "a pickle opcode pops an empty stack"))
    }

    fn top(&mut self) -> Result<&mut Value, Problem> {
        if self.marks.last().is_some_and(|&m| m >= self.stack.len()) {
            return Err(malformed(FORMAT, "a pickle opcode pops past a MARK"));
        }
        self.stack
            .last_mut()
            .ok_or_else(|| malformed(FORMAT, "a pickle opcode pops an empty stack"))
    }

    fn pop_mark(&mut self) -> Result<Vec<Value>, Problem> {
        let mark = self
            .marks
            .pop()
            .ok_or_else(|| malformed(FORMAT, "a pickle opcode needs a MARK that is not there"))?;
        Ok(self.stack.split_off(mark))
    }

    fn string(&mut self, bytes: &[u8]) -> Result<Value, Problem> {
        let text = String::from_utf8(bytes.to_vec())
            .map_err(|_| malformed(FORMAT, "a pickled string is not UTF-8"))?;
        self.pickle.strings.push(text);
        Ok(Value::Str(self.pickle.strings.len() - 1))
    }

    fn new_tuple(&mut self, items: Vec<Value>) -> Value {
        self.pickle.tuples.push(items);
        Value::Tuple(self.pickle.tuples.len() - 1)
    }

    fn new_list(&mut self, items: Vec<Value>) -> Value {
        self.pickle.lists.push(items);
        Value::List(self.pickle.lists.len() - 1)
    }

    fn new_dict(&mut self, items: Vec<(Value, Value)>) -> Value {
        self.pickle.dicts.push(items);
        Value::Dict(self.pickle.dicts.len() - 1)
    }

    fn int(&mut self, bytes: &[u8]) -> Value {
        // Little-endian two's complement, as LONG1/LONG4 store it.
        if bytes.is_empty() {
            return Value::Int(0);
        }
        if bytes.len() <= 8 {
            let negative = bytes[bytes.len() - 1] & 0x80 != 0;
            let mut raw = if negative { [0xff; 8] } else { [0; 8] };
            raw[..bytes.len()].copy_from_slice(bytes);
            return Value::Int(i64::from_le_bytes(raw));
        }
        self.pickle.big_ints.push(bytes.to_vec());
        Value::BigInt(self.pickle.big_ints.len() - 1)
    }

    fn memo_get(&self, key: u32) -> Result<Value, Problem> {
        self.memo.get(&key).copied().ok_or_else(|| {
            malformed(
                FORMAT,
                format!("the pickle reads memo entry {key}, which was never stored"),
            )
        })
    }

    fn memo_put(&mut self, key: u32) -> Result<(), Problem> {
        let value = *self.top()?;
        self.count()?;
        self.memo.insert(key, value);
        Ok(())
    }

    /// Appends `items` to the list (or set, read as a list) at the top of the stack.
    fn extend_top(&mut self, items: Vec<Value>) -> Result<(), Problem> {
        match *self.top()? {
            Value::List(id) => {
                self.pickle.lists[id].extend(items);
                Ok(())
            }
            _ => Err(malformed(
                FORMAT,
                "the pickle appends to something not a list",
            )),
        }
    }

    fn set_items(&mut self, items: Vec<Value>) -> Result<(), Problem> {
        if !items.len().is_multiple_of(2) {
            return Err(malformed(
                FORMAT,
                "the pickle sets a dict item without a value",
            ));
        }
        let Value::Dict(id) = *self.top()? else {
            return Err(malformed(
                FORMAT,
                "the pickle sets an item of something not a dict",
            ));
        };
        let pairs = items.chunks_exact(2).map(|pair| (pair[0], pair[1]));
        self.pickle.dicts[id].extend(pairs);
        Ok(())
    }

    fn global(&mut self, module: &str, name: &str) -> Result<(), Problem> {
        let global = allowed_global(module, name).ok_or_else(|| refused_global(module, name))?;
        self.push(Value::Global(global))
    }

    #[allow(clippy::too_many_lines)] // one arm per opcode reads as the table it is
    fn run(&mut self) -> Result<Value, Problem> {
        loop {
            let opcode = self.byte()?;
            match opcode {
                // PROTO, FRAME: nothing to do (frames are a buffering hint).
                0x80 => {
                    self.byte()?;
                }
                0x95 => {
                    self.take(8)?;
                }
                b'.' => {
                    let root = self.pop()?;
                    return Ok(root);
                }
                b'(' => {
                    self.count()?;
                    self.marks.push(self.stack.len());
                }
                b'0' => {
                    self.pop()?;
                }
                b'1' => {
                    self.pop_mark()?;
                }
                b'2' => {
                    let top = *self.top()?;
                    self.push(top)?;
                }
                b'N' => self.push(Value::None)?,
                0x88 => self.push(Value::Bool(true))?,
                0x89 => self.push(Value::Bool(false))?,
                b'I' => {
                    let text = self.line()?;
                    let value = match text {
                        "01" => Value::Bool(true),
                        "00" => Value::Bool(false),
                        _ => Value::Int(text.parse().map_err(|_| {
                            malformed(FORMAT, format!("bad pickled INT {}", quoted(text)))
                        })?),
                    };
                    self.push(value)?;
                }
                b'L' => {
                    let text = self.line()?;
                    let digits = text.strip_suffix('L').unwrap_or(text);
                    let value = if let Ok(value) = digits.parse() {
                        Value::Int(value)
                    } else {
                        // Wider than 64 bits (or not a number): kept as a number never read.
                        self.pickle.big_ints.push(Vec::new());
                        Value::BigInt(self.pickle.big_ints.len() - 1)
                    };
                    self.push(value)?;
                }
                b'J' => {
                    let value = i32::from_le_bytes(self.array()?);
                    self.push(Value::Int(i64::from(value)))?;
                }
                b'K' => {
                    let value = self.byte()?;
                    self.push(Value::Int(i64::from(value)))?;
                }
                b'M' => {
                    let value = u16::from_le_bytes(self.array()?);
                    self.push(Value::Int(i64::from(value)))?;
                }
                0x8a => {
                    let n = usize::from(self.byte()?);
                    let bytes = self.take(n)?;
                    let value = self.int(bytes);
                    self.push(value)?;
                }
                0x8b => {
                    let declared = u32::from_le_bytes(self.array()?);
                    let n = self.length(u64::from(declared))?;
                    let bytes = self.take(n)?;
                    let value = self.int(bytes);
                    self.push(value)?;
                }
                b'F' => {
                    let text = self.line()?;
                    let value = text.trim().parse().map_err(|_| {
                        malformed(FORMAT, format!("bad pickled FLOAT {}", quoted(text)))
                    })?;
                    self.push(Value::Float(value))?;
                }
                b'G' => {
                    let value = f64::from_be_bytes(self.array()?);
                    self.push(Value::Float(value))?;
                }
                // Strings: STRING, UNICODE (protocol 0), SHORT_BINSTRING/BINSTRING (Python 2
                // str), SHORT_BINUNICODE/BINUNICODE/BINUNICODE8.
                b'S' => {
                    let text = self.line()?;
                    let inner = text
                        .strip_prefix(['\'', '"'])
                        .and_then(|t| t.strip_suffix(['\'', '"']))
                        .unwrap_or(text);
                    let value = self.string(inner.as_bytes())?;
                    self.push(value)?;
                }
                b'V' => {
                    let text = self.line()?;
                    let value = self.string(text.as_bytes())?;
                    self.push(value)?;
                }
                b'U' | 0x8c => {
                    let n = usize::from(self.byte()?);
                    let bytes = self.take(n)?;
                    let value = self.string(bytes)?;
                    self.push(value)?;
                }
                b'T' | b'X' => {
                    let declared = u32::from_le_bytes(self.array()?);
                    let n = self.length(u64::from(declared))?;
                    let bytes = self.take(n)?;
                    let value = self.string(bytes)?;
                    self.push(value)?;
                }
                0x8d => {
                    let declared = u64::from_le_bytes(self.array()?);
                    let n = self.length(declared)?;
                    let bytes = self.take(n)?;
                    let value = self.string(bytes)?;
                    self.push(value)?;
                }
                // Bytes: SHORT_BINBYTES, BINBYTES, BINBYTES8, BYTEARRAY8 (content unused).
                b'C' => {
                    let n = usize::from(self.byte()?);
                    self.take(n)?;
                    self.push(Value::Bytes)?;
                }
                b'B' => {
                    let declared = u32::from_le_bytes(self.array()?);
                    let n = self.length(u64::from(declared))?;
                    self.take(n)?;
                    self.push(Value::Bytes)?;
                }
                0x8e | 0x96 => {
                    let declared = u64::from_le_bytes(self.array()?);
                    let n = self.length(declared)?;
                    self.take(n)?;
                    self.push(Value::Bytes)?;
                }
                // Containers.
                b']' => {
                    let value = self.new_list(Vec::new());
                    self.push(value)?;
                }
                b'l' => {
                    let items = self.pop_mark()?;
                    let value = self.new_list(items);
                    self.push(value)?;
                }
                b'a' => {
                    let item = self.pop()?;
                    self.extend_top(vec![item])?;
                }
                b'e' => {
                    let items = self.pop_mark()?;
                    self.extend_top(items)?;
                }
                b')' => {
                    let value = self.new_tuple(Vec::new());
                    self.push(value)?;
                }
                b't' => {
                    let items = self.pop_mark()?;
                    let value = self.new_tuple(items);
                    self.push(value)?;
                }
                0x85..=0x87 => {
                    let n = usize::from(opcode - 0x84);
                    let mut items = Vec::with_capacity(n);
                    for _ in 0..n {
                        items.push(self.pop()?);
                    }
                    items.reverse();
                    let value = self.new_tuple(items);
                    self.push(value)?;
                }
                b'}' => {
                    let value = self.new_dict(Vec::new());
                    self.push(value)?;
                }
                b'd' => {
                    let items = self.pop_mark()?;
                    if !items.len().is_multiple_of(2) {
                        return Err(malformed(
                            FORMAT,
                            "the pickle builds a dict with a key and no value",
                        ));
                    }
                    let pairs = items.chunks_exact(2).map(|p| (p[0], p[1])).collect();
                    let value = self.new_dict(pairs);
                    self.push(value)?;
                }
                b's' => {
                    let value = self.pop()?;
                    let key = self.pop()?;
                    self.set_items(vec![key, value])?;
                }
                b'u' => {
                    let items = self.pop_mark()?;
                    self.set_items(items)?;
                }
                // Sets (EMPTY_SET, ADDITEMS, FROZENSET) are read as lists.
                0x8f => {
                    let value = self.new_list(Vec::new());
                    self.push(value)?;
                }
                0x90 => {
                    let items = self.pop_mark()?;
                    self.extend_top(items)?;
                }
                0x91 => {
                    let items = self.pop_mark()?;
                    let value = self.new_list(items);
                    self.push(value)?;
                }
                // Memo: GET, BINGET, LONG_BINGET, PUT, BINPUT, LONG_BINPUT, MEMOIZE.
                b'g' => {
                    let text = self.line()?;
                    let key = text.parse().map_err(|_| {
                        malformed(FORMAT, format!("bad pickled GET {}", quoted(text)))
                    })?;
                    let value = self.memo_get(key)?;
                    self.push(value)?;
                }
                b'h' => {
                    let key = u32::from(self.byte()?);
                    let value = self.memo_get(key)?;
                    self.push(value)?;
                }
                b'j' => {
                    let key = u32::from_le_bytes(self.array()?);
                    let value = self.memo_get(key)?;
                    self.push(value)?;
                }
                b'p' => {
                    let text = self.line()?;
                    let key = text.parse().map_err(|_| {
                        malformed(FORMAT, format!("bad pickled PUT {}", quoted(text)))
                    })?;
                    self.memo_put(key)?;
                }
                b'q' => {
                    let key = u32::from(self.byte()?);
                    self.memo_put(key)?;
                }
                b'r' => {
                    let key = u32::from_le_bytes(self.array()?);
                    self.memo_put(key)?;
                }
                0x94 => {
                    let key = u32::try_from(self.memo.len()).unwrap_or(u32::MAX);
                    self.memo_put(key)?;
                }
                // Globals: checked against the allowlist where they are named.
                b'c' => {
                    let module = self.line()?;
                    let name = self.line()?;
                    self.global(module, name)?;
                }
                0x93 => {
                    let name = self.pop()?;
                    let module = self.pop()?;
                    let (Value::Str(module), Value::Str(name)) = (module, name) else {
                        return Err(malformed(FORMAT, "STACK_GLOBAL needs two strings"));
                    };
                    let module = self.pickle.strings[module].clone();
                    let name = self.pickle.strings[name].clone();
                    self.global(&module, &name)?;
                }
                b'i' => {
                    // INST names its class inline and calls it.
                    let module = self.line()?;
                    let name = self.line()?;
                    return Err(refused_global(module, name));
                }
                0x82..=0x84 => {
                    return Err(malformed(
                        FORMAT,
                        "the pickle names a global through the extension registry (EXT1/2/4); rankscope refuses it",
                    ));
                }
                // Calls: REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, BUILD.
                b'R' => {
                    let args = self.pop()?;
                    let callable = self.pop()?;
                    let value = self.call(callable, args)?;
                    self.push(value)?;
                }
                0x81 => {
                    let args = self.pop()?;
                    let class = self.pop()?;
                    let value = self.call(class, args)?;
                    self.push(value)?;
                }
                0x92 => {
                    let _kwargs = self.pop()?;
                    let args = self.pop()?;
                    let class = self.pop()?;
                    let value = self.call(class, args)?;
                    self.push(value)?;
                }
                b'o' => {
                    let mut items = self.pop_mark()?;
                    if items.is_empty() {
                        return Err(malformed(FORMAT, "OBJ without a class"));
                    }
                    let class = items.remove(0);
                    let args = self.new_tuple(items);
                    let value = self.call(class, args)?;
                    self.push(value)?;
                }
                b'b' => {
                    // The state of an object (an OrderedDict's `_metadata`, a Parameter's
                    // attributes): nothing a listing needs.
                    self.pop()?;
                    self.top()?;
                }
                // Persistent ids: the storages.
                b'P' => {
                    return Err(malformed(
                        FORMAT,
                        "a text persistent id (PERSID), which torch.save never writes",
                    ));
                }
                b'Q' => {
                    let id = self.pop()?;
                    let value = self.persistent(id)?;
                    self.push(value)?;
                }
                0x97 | 0x98 => {
                    return Err(malformed(
                        FORMAT,
                        "the pickle uses out-of-band buffers, which torch.save never writes",
                    ));
                }
                other => {
                    return Err(malformed(
                        FORMAT,
                        format!(
                            "unknown pickle opcode 0x{other:02x} at byte {} (not a pickle, or a newer protocol)",
                            self.at - 1
                        ),
                    ));
                }
            }
        }
    }

    /// `('storage', storage_type, key, location, numel[, view_metadata])`.
    fn persistent(&mut self, id: Value) -> Result<Value, Problem> {
        let bad = || {
            malformed(
                FORMAT,
                "a persistent id is not ('storage', type, key, location, size)",
            )
        };
        let Value::Tuple(tuple) = id else {
            return Err(bad());
        };
        let items = self.pickle.tuples[tuple].clone();
        let [tag, kind, key, _location, numel, rest @ ..] = items.as_slice() else {
            return Err(bad());
        };
        if !matches!(tag, Value::Str(s) if self.pickle.strings[*s] == "storage") {
            return Err(bad());
        }
        let Value::Global(Global::StorageType(kind)) = *kind else {
            return Err(bad());
        };
        let key = match *key {
            Value::Str(s) => self.pickle.strings[s].clone(),
            Value::Int(n) => n.to_string(),
            _ => return Err(bad()),
        };
        let Value::Int(numel) = *numel else {
            return Err(bad());
        };
        let numel = u64::try_from(numel).map_err(|_| bad())?;
        // Legacy views of a storage: (view_key, offset, view_size).
        let (numel, view_offset) = match rest {
            [] | [Value::None] => (numel, 0),
            [Value::Tuple(view)] => match self.pickle.tuples[*view].as_slice() {
                [_, Value::Int(offset), Value::Int(size)] => (
                    u64::try_from(*size).map_err(|_| bad())?,
                    u64::try_from(*offset).map_err(|_| bad())?,
                ),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        };
        self.pickle.storages.push(StorageRef {
            key,
            kind,
            numel,
            view_offset,
        });
        Ok(Value::Storage(self.pickle.storages.len() - 1))
    }

    /// REDUCE and friends: only the allowed globals are callable.
    fn call(&mut self, callable: Value, args: Value) -> Result<Value, Problem> {
        let Value::Global(global) = callable else {
            return Err(malformed(
                FORMAT,
                "the pickle calls something that is not a global",
            ));
        };
        let Value::Tuple(args) = args else {
            return Err(malformed(
                FORMAT,
                "the arguments of a pickled call are not a tuple",
            ));
        };
        self.charge(self.pickle.tuples[args].len())?;
        let args = self.pickle.tuples[args].clone();
        match global {
            Global::OrderedDict => match args.as_slice() {
                [] => Ok(self.new_dict(Vec::new())),
                [items] => {
                    let copied = self.pickle.sequence(*items).map_or(0, <[Value]>::len);
                    self.charge(copied)?;
                    let pairs = self.pairs(*items)?;
                    Ok(self.new_dict(pairs))
                }
                _ => Err(malformed(
                    FORMAT,
                    "OrderedDict called with several arguments",
                )),
            },
            Global::RebuildParameter => match args.first() {
                Some(tensor @ Value::Tensor(_)) => Ok(*tensor),
                _ => Err(malformed(
                    FORMAT,
                    "_rebuild_parameter of something not a tensor",
                )),
            },
            Global::RebuildTensor | Global::RebuildTensorV2 => self.rebuild_tensor(&args),
            Global::StorageType(_) => Err(malformed(
                FORMAT,
                "the pickle calls a storage class, which torch.save never does",
            )),
            Global::Counter | Global::Set | Global::Bytes | Global::Inert | Global::Size => {
                self.build_data(global, &args)
            }
            Global::Parameter => match args.first() {
                Some(tensor @ Value::Tensor(_)) => Ok(*tensor),
                _ => Err(malformed(FORMAT, "a Parameter of something not a tensor")),
            },
            Global::RebuildFromType => match args.as_slice() {
                [
                    Value::Global(
                        function @ (Global::RebuildTensor
                        | Global::RebuildTensorV2
                        | Global::RebuildParameter
                        | Global::UnreadTensor(_)),
                    ),
                    Value::Global(Global::Tensor | Global::Parameter),
                    inner @ Value::Tuple(_),
                    _state,
                ] => self.call(Value::Global(*function), *inner),
                _ => Err(malformed(
                    FORMAT,
                    "_rebuild_from_type_v2 of something not a tensor rebuild",
                )),
            },
            Global::Tensor => Err(malformed(
                FORMAT,
                "the pickle builds an empty torch.Tensor to fill in place, which rankscope does not read",
            )),
            Global::Constant => Err(malformed(
                FORMAT,
                "the pickle calls a dtype or quantisation scheme",
            )),
            Global::UnreadTensor(what) => Err(Problem::NotAMatrix(format!(
                "it holds {what}, which rankscope does not read (torch.load opens it; re-save \
                 the plain tensors with torch.save(state_dict))"
            ))),
        }
    }

    /// The plain data the weights-only loader's non-tensor globals build, as inert values:
    /// a Counter as its dict, a set as its items' list, bytes, a Size as its tuple, a device,
    /// layout or complex number as [`Value::Other`]. Nothing is copied, so no call costs more
    /// than the opcode that makes it.
    fn build_data(&mut self, global: Global, args: &[Value]) -> Result<Value, Problem> {
        match global {
            Global::Counter => match args {
                [] => Ok(self.new_dict(Vec::new())),
                // The dict itself, not a copy: a pickle may build many Counters of one big
                // dict through the memo, and copies would cost far more than its bytes.
                [dict @ Value::Dict(_)] => Ok(*dict),
                _ => Err(malformed(
                    FORMAT,
                    "Counter called with something not a dict",
                )),
            },
            Global::Set => match args {
                [] => Ok(self.new_list(Vec::new())),
                // Its items' list itself, not a copy (as for a Counter).
                [items @ (Value::List(_) | Value::Tuple(_))] => Ok(*items),
                _ => Err(malformed(FORMAT, "set called with something not a list")),
            },
            Global::Bytes => match args {
                [] | [Value::Bytes | Value::Str(_)] | [Value::Str(_), Value::Str(_)] => {
                    Ok(Value::Bytes)
                }
                _ => Err(malformed(FORMAT, "bytes built from something not a string")),
            },
            Global::Inert => {
                let plain = args.iter().all(|a| {
                    matches!(
                        a,
                        Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::None
                    )
                });
                if plain && args.len() <= 2 {
                    Ok(Value::Other)
                } else {
                    Err(malformed(
                        FORMAT,
                        "a device, layout or complex number built from other than numbers and strings",
                    ))
                }
            }
            Global::Size => match args {
                [] => Ok(self.new_tuple(Vec::new())),
                [sizes] if self.dims(*sizes).is_some() => Ok(*sizes),
                _ => Err(malformed(FORMAT, "torch.Size of something not sizes")),
            },
            _ => Err(malformed(FORMAT, "not a data constructor")),
        }
    }

    /// `[(key, value), …]` as an OrderedDict's argument gives them.
    fn pairs(&self, items: Value) -> Result<Vec<(Value, Value)>, Problem> {
        let bad = || {
            malformed(
                FORMAT,
                "OrderedDict called with something not a list of pairs",
            )
        };
        let items = self.pickle.sequence(items).ok_or_else(bad)?;
        items
            .iter()
            .map(|item| match self.pickle.sequence(*item) {
                Some([key, value]) => Ok((*key, *value)),
                _ => Err(bad()),
            })
            .collect()
    }

    /// `_rebuild_tensor(storage, storage_offset, size, stride)`, and `_v2` with
    /// `requires_grad, backward_hooks[, metadata]` after them.
    fn rebuild_tensor(&mut self, args: &[Value]) -> Result<Value, Problem> {
        let bad = |what: &str| malformed(FORMAT, format!("a tensor rebuild with {what}"));
        let [storage, offset, size, stride, ..] = args else {
            return Err(bad("too few arguments"));
        };
        let Value::Storage(storage) = *storage else {
            return Err(bad("no storage"));
        };
        let Value::Int(offset) = *offset else {
            return Err(bad("a storage offset that is not an integer"));
        };
        let offset = u64::try_from(offset).map_err(|_| bad("a negative storage offset"))?;
        let shape = self
            .dims(*size)
            .ok_or_else(|| bad("a size that is not a tuple of sizes"))?;
        let stride = self
            .dims(*stride)
            .ok_or_else(|| bad("a stride that is not a tuple of non-negative integers"))?;
        if shape.len() != stride.len() {
            return Err(bad(&format!(
                "{} sizes but {} strides",
                shape.len(),
                stride.len()
            )));
        }
        self.pickle.tensors.push(TensorRef {
            storage,
            offset,
            shape,
            stride,
        });
        Ok(Value::Tensor(self.pickle.tensors.len() - 1))
    }

    fn dims(&self, value: Value) -> Option<Vec<u64>> {
        self.pickle
            .sequence(value)?
            .iter()
            .map(|d| match d {
                Value::Int(n) => u64::try_from(*n).ok(),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_containers_numbers_and_memo() {
        // pickle.dumps({"a": [1, -2, 300, 70000], "b": (1.5, None, True)}, protocol=2)
        let bytes = b"\x80\x02}q\x00(X\x01\x00\x00\x00aq\x01]q\x02(K\x01J\xfe\xff\xff\xffM,\x01J\x70\x11\x01\x00eX\x01\x00\x00\x00bq\x03G?\xf8\x00\x00\x00\x00\x00\x00N\x88\x87q\x04u.";
        let pickle = parse(bytes).unwrap();
        let Some(Value::Dict(root)) = pickle.root else {
            panic!("{:?}", pickle.root)
        };
        let items = pickle.dict(root);
        assert_eq!(items.len(), 2);
        let (Value::Str(a), Value::List(list)) = items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(pickle.str(a), "a");
        assert_eq!(
            pickle.list(list),
            &[
                Value::Int(1),
                Value::Int(-2),
                Value::Int(300),
                Value::Int(70000)
            ]
        );
        let (_, Value::Tuple(tuple)) = items[1] else {
            panic!("{items:?}")
        };
        assert_eq!(
            pickle.tuple(tuple),
            &[Value::Float(1.5), Value::None, Value::Bool(true)]
        );
        assert_eq!(pickle.length, bytes.len());
        // The same object at protocol 0 (text opcodes).
        let bytes = b"(dp0\nVa\np1\n(lp2\nI1\naI-2\naI300\naI70000\nasVb\np3\n(F1.5\nNI01\ntp4\ns.";
        let pickle = parse(bytes).unwrap();
        let Some(Value::Dict(root)) = pickle.root else {
            panic!("{:?}", pickle.root)
        };
        let (_, Value::List(list)) = pickle.dict(root)[0] else {
            panic!()
        };
        assert_eq!(pickle.list(list)[3], Value::Int(70000));
        let (_, Value::Tuple(tuple)) = pickle.dict(root)[1] else {
            panic!()
        };
        assert_eq!(
            pickle.tuple(tuple),
            &[Value::Float(1.5), Value::None, Value::Bool(true)]
        );
    }

    #[test]
    fn refuses_any_other_global_where_it_is_named() {
        // GLOBAL posix.system, then what would call it: never reached.
        let bytes = b"\x80\x02cposix\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.";
        let error = parse(bytes).unwrap_err().to_string();
        assert!(error.contains("`posix.system`"), "{error}");
        // STACK_GLOBAL with its strings from the memo.
        let bytes = b"\x80\x04\x8c\x08builtins\x94\x8c\x04eval\x94\x93.";
        let error = parse(bytes).unwrap_err().to_string();
        assert!(error.contains("`builtins.eval`"), "{error}");
        // A model class (torch.save(model)).
        let bytes = b"\x80\x02ctorch.nn.modules.linear\nLinear\nq\x00.";
        let error = parse(bytes).unwrap_err().to_string();
        assert!(error.contains("torch.nn.modules.linear.Linear"), "{error}");
        // The next step: re-saving the tensors for a class, a warning for a way to run code.
        assert!(error.contains("torch.save(torch.load(FILE"), "{error}");
        for (module, name) in [("posix", "system"), ("builtins", "eval"), ("os", "popen")] {
            let error = refused_global(module, name).to_string();
            assert!(error.contains("do not load this file"), "{error}");
            assert!(!error.contains("torch.save"), "{error}");
        }
    }

    #[test]
    fn what_weights_only_accepts_is_built_as_inert_data() {
        // Python: pickle.dumps({"s": {1, 2}, "c": Counter({"a": 2}), "z": complex(1, 2),
        // "n": torch.Size([2, 3]), "d": torch.device("cpu"), "t": torch.float16}, protocol=2)
        // as torch writes them (`__builtin__` spellings), by hand.
        let mut bytes = b"\x80\x02}(X\x01\x00\x00\x00s".to_vec();
        bytes.extend(b"c__builtin__\nset\n](K\x01K\x02e\x85R");
        bytes.extend(b"X\x01\x00\x00\x00cccollections\nCounter\n}X\x01\x00\x00\x00aK\x02s\x85R");
        bytes.extend(b"X\x01\x00\x00\x00zc__builtin__\ncomplex\nG?\xf0\x00\x00\x00\x00\x00\x00G@\x00\x00\x00\x00\x00\x00\x00\x86R");
        bytes.extend(b"X\x01\x00\x00\x00nctorch\nSize\nK\x02K\x03\x86\x85R");
        bytes.extend(b"X\x01\x00\x00\x00dctorch\ndevice\nX\x03\x00\x00\x00cpu\x85R");
        bytes.extend(b"X\x01\x00\x00\x00tctorch\nfloat16\n");
        bytes.extend(b"X\x01\x00\x00\x00bc_codecs\nencode\nX\x02\x00\x00\x00abX\x06\x00\x00\x00latin1\x86Ru.");
        let pickle = parse(&bytes).unwrap();
        let Some(Value::Dict(root)) = pickle.root else {
            panic!("{:?}", pickle.root)
        };
        let values: Vec<Value> = pickle.dict(root).iter().map(|(_, v)| *v).collect();
        let [set, counter, complex, size, device, dtype, bytes] = values.as_slice() else {
            panic!("{values:?}")
        };
        assert_eq!(
            pickle.sequence(*set),
            Some(&[Value::Int(1), Value::Int(2)][..])
        );
        let Value::Dict(counter) = counter else {
            panic!("{counter:?}")
        };
        assert_eq!(pickle.dict(*counter)[0].1, Value::Int(2));
        assert_eq!((*complex, *device), (Value::Other, Value::Other));
        assert_eq!(
            pickle.sequence(*size),
            Some(&[Value::Int(2), Value::Int(3)][..])
        );
        assert_eq!(*dtype, Value::Global(Global::Constant));
        assert_eq!(*bytes, Value::Bytes);
    }

    #[test]
    fn what_weights_only_refuses_stays_refused_and_unread_tensors_say_so() {
        // weights_only has no frozenset, getattr or numpy scalar by default.
        for (global, bytes) in [
            (
                "__builtin__.frozenset",
                &b"\x80\x02c__builtin__\nfrozenset\n."[..],
            ),
            ("builtins.getattr", b"\x80\x02cbuiltins\ngetattr\n."),
            (
                "numpy.core.multiarray.scalar",
                b"\x80\x02cnumpy.core.multiarray\nscalar\n.",
            ),
        ] {
            let error = parse(bytes).unwrap_err().to_string();
            assert!(error.contains(&format!("`{global}`")), "{error}");
        }
        // A quantised tensor's rebuild is accepted by weights_only but not read here.
        let bytes = b"\x80\x02ctorch._utils\n_rebuild_qtensor\n)R.";
        let error = parse(bytes).unwrap_err().to_string();
        assert!(error.contains("a quantised tensor"), "{error}");
    }

    #[test]
    fn calls_through_the_memo_cannot_copy_more_than_the_value_budget() {
        // A list of 100 000 pairs, then OrderedDict(list) 200 times through the memo: 20
        // million pairs copied for a few hundred kilobytes, refused at the budget.
        let mut bytes = b"\x80\x02]q\x00(".to_vec();
        for _ in 0..100_000 {
            bytes.extend(b"K\x01K\x02\x86");
        }
        bytes.extend(b"eccollections\nOrderedDict\nq\x01");
        for _ in 0..200 {
            bytes.extend(b"h\x01h\x00\x85R0");
        }
        bytes.push(b'.');
        let error = parse(&bytes).unwrap_err().to_string();
        assert!(error.contains("more than 8000000 values"), "{error}");
    }

    #[test]
    fn lengths_beyond_the_input_are_refused_before_reading() {
        // BINUNICODE8 claiming 2^60 bytes.
        let bytes = b"\x80\x04\x8d\x00\x00\x00\x00\x00\x00\x00\x10";
        let error = parse(bytes).unwrap_err().to_string();
        assert!(error.contains("only 0 bytes are left"), "{error}");
    }

    #[test]
    fn deep_nesting_builds_no_deep_values() {
        // 100 000 nested lists: `]` × n then `a` × (n - 1), then STOP. Values refer to each
        // other by index, so dropping them is flat.
        let n = 100_000;
        let mut bytes = vec![0x80, 2];
        bytes.extend(std::iter::repeat_n(b']', n));
        bytes.extend(std::iter::repeat_n(b'a', n - 1));
        bytes.push(b'.');
        let pickle = parse(&bytes).unwrap();
        assert_eq!(pickle.lists.len(), n);
    }

    #[test]
    fn decodes_long1_and_legacy_magic() {
        let pickle = parse(b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.").unwrap();
        let Some(Value::BigInt(id)) = pickle.root else {
            panic!("{:?}", pickle.root)
        };
        assert_eq!(pickle.big_int(id), LEGACY_MAGIC);
        let pickle = parse(b"\x80\x02\x8a\x02\x00\xff.").unwrap();
        assert_eq!(pickle.root, Some(Value::Int(-256)));
    }
}
