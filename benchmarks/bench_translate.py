"""Benchmark the MT backends on a model with the real opus-mt-ru-en architecture (random weights).

    .venv/bin/python benchmarks/bench_translate.py [--data ../shared/data] [--sentences 200] \
        [--output-tokens 32] [--beam-size 1] [--threads 1] [--batch-size 16]

Builds (once, cached under benchmarks/results/bench_translate/) a Marian checkpoint shaped like
Helsinki-NLP/opus-mt-ru-en: 6+6 layers, d_model 512, 8 heads, FFN 2048, vocabulary 62,518, random
weights; its sentencepiece model is trained on the Russian side of WMT21 newstest ru-en. Converts it
to CTranslate2 (int8 and float32). Then, for each engine, in a fresh process (so peak memory is its
own), translates the first N Russian sentences through `pipeline.mt.translate` (segmentation, length
bucketing, no cache) with the output length pinned to exactly --output-tokens new tokens, so every
engine does the same decoding work whatever the random weights predict.

Reports source tokens/s (wall clock and per CPU-second), sentences/s, and peak resident memory (plus
the resident memory before the model was loaded). Random weights make speed meaningful and
translations meaningless.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = {  # name -> (subdirectory of the work dir, CTranslate2 quantization or None)
    "transformers-fp32": ("opus-mt-ru-en-random", None),
    "ctranslate2-int8": ("opus-mt-ru-en-random-ct2-int8", "int8"),
    "ctranslate2-float32": ("opus-mt-ru-en-random-ct2-float32", "float32"),
}
SPM_VOCAB = 16000


def russian_sentences(data: Path) -> list[str]:
    path = data / "wmt21-newstest-ruen" / "newstest2021.ru-en.src.ru"
    if not path.exists():
        sys.exit(
            f"bench_translate: {path} not found (pass --data DIR, the folder holding wmt21-newstest-ruen)"
        )
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_models(work: Path, sentences: list[str]) -> None:
    from pipeline.mt.convert import convert_to_ctranslate2
    from pipeline.mt.model_folders import inspect_dir
    from pipeline.mt.synthetic import OPUS_MT_SHAPE, build_marian

    source_dir = work / ENGINES["transformers-fp32"][0]
    if not (source_dir / "model.safetensors").exists():
        print(f"building {source_dir} (opus-mt-ru-en shape, random weights) ...", file=sys.stderr)
        build_marian(source_dir, sentences, spm_vocab=SPM_VOCAB, shape=OPUS_MT_SHAPE)
    source = inspect_dir(source_dir, origin="path")
    for directory, quantization in ENGINES.values():
        if quantization and not (work / directory / "model.bin").exists():
            convert_to_ctranslate2(source, work / directory, quantization)


def measure(model_dir: Path, sentences: list[str], args: argparse.Namespace) -> dict:
    """Runs in a fresh process: load the model, warm up, time the whole subset."""
    from pipeline.mt.backends import Generation
    from pipeline.mt.translate import MTSettings, resolve_translator

    rss_before = _rss_mib()
    generation = Generation(
        beam_size=args.beam_size, pinned_output_tokens=args.output_tokens, threads=args.threads
    )
    mt_settings = MTSettings(max_batch_size=args.batch_size, generation=generation)
    started = time.perf_counter()
    translator = resolve_translator(
        "ru", "en", model=str(model_dir), use_cache=False, mt_settings=mt_settings
    )
    load_seconds = time.perf_counter() - started
    translator.translate(sentences[:4])  # warm-up: first-call allocations and kernel selection
    source_tokens = sum(translator.backend.count_tokens(sentences))
    started, cpu_started = time.perf_counter(), time.process_time()
    translations = translator.translate(sentences)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "model": translator.model_id,
        "device": getattr(translator.backend, "device", "cpu"),
        "sentences": len(sentences),
        "source_tokens": source_tokens,
        "generated_tokens_per_sentence": _generated_tokens(translator, sentences[:2]),
        "seconds": round(seconds, 2),
        "source_tokens_per_s": round(source_tokens / seconds, 1),
        "sentences_per_s": round(len(sentences) / seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),  # less sensitive than wall time to a busy shared machine
        "source_tokens_per_cpu_s": round(source_tokens / cpu_seconds, 1),
        "load_seconds": round(load_seconds, 2),
        "rss_before_load_mib": rss_before,
        "peak_rss_mib": _peak_rss_mib(),
        "empty_outputs": sum(not t for t in translations),
    }


def _generated_tokens(translator, sample: list[str]) -> list[int]:
    """How many tokens each engine really generated for two sentences: proof that the length is pinned."""
    backend = translator.backend
    new_tokens = backend.max_new_tokens(1)
    if backend.located.backend == "ctranslate2":
        tokens = [backend.tokenizer.convert_ids_to_tokens(backend.tokenizer.encode(s)) for s in sample]
        results = backend.translator.translate_batch(
            tokens, beam_size=1, max_decoding_length=new_tokens, min_decoding_length=new_tokens
        )
        return [len(result.hypotheses[0]) for result in results]
    encoded = backend.tokenizer(sample, return_tensors="pt", padding=True).to(backend.device)
    output = backend.model.generate(
        **encoded, num_beams=1, max_new_tokens=new_tokens, min_new_tokens=new_tokens, forced_eos_token_id=None
    )
    return [int(row.shape[0]) - 1 for row in output]  # minus the decoder start token


def _peak_rss_mib() -> float:
    """VmHWM: this process's own high-water mark (ru_maxrss would inherit the parent's across fork+exec)."""
    return _proc_status_mib("VmHWM")


def _rss_mib() -> float:
    return _proc_status_mib("VmRSS")


def _proc_status_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sentences", type=int, default=200, help="the first N Russian sentences")
    parser.add_argument("--output-tokens", type=int, default=32, help="pinned number of new tokens")
    parser.add_argument("--beam-size", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1, help="CPU threads per engine (0: library default)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES)
    )
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "results" / "bench_translate")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sentences = russian_sentences(args.data)
    subset = sentences[: args.sentences]
    if args.worker:
        print(json.dumps(measure(args.work / ENGINES[args.worker][0], subset, args)))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    build_models(args.work, sentences)
    print(
        f"# {len(subset)} WMT21 newstest ru sentences, {args.output_tokens} new tokens each (pinned), "
        f"beam {args.beam_size}, batch {args.batch_size}, threads {args.threads}",
        file=sys.stderr,
    )
    for engine in args.engines.split(","):
        command = [sys.executable, __file__, "--worker", engine, *sys.argv[1:]]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(f"{engine}: failed\n{result.stderr[-2000:]}", file=sys.stderr)
            continue
        print(json.dumps({"engine": engine, **json.loads(result.stdout.splitlines()[-1])}), flush=True)


if __name__ == "__main__":
    main()
