#![no_main]

// A LoRA adapter through PyTorch's reader (zip and legacy pickles): grouped into modules and
// every module's ΔW decomposed from its factors.
libfuzzer_sys::fuzz_target!(|data: &[u8]| rankscope_fuzz::exercise_adapter_as(data, "bin"));
