"""Build real Marian checkpoints with random weights: the tests' tiny model and the benchmark's full one.

The result is an ordinary Marian directory (config.json, model.safetensors, source.spm, target.spm,
vocab.json, tokenizer_config.json), so it goes through exactly the code a downloaded opus-mt model
goes through. Its translations are noise: only the machinery around the model can be tested with it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MarianShape:
    d_model: int = 16
    layers: int = 1  # encoder and decoder each
    heads: int = 2
    ffn: int = 32
    max_positions: int = 64
    model_vocab: int | None = None  # pad the vocabulary to this size (opus-mt-ru-en: 62518)
    init_std: float = 1.0  # large, so that the random model's output depends on its input


OPUS_MT_SHAPE = MarianShape(
    d_model=512, layers=6, heads=8, ffn=2048, max_positions=512, model_vocab=62518, init_std=0.02
)


def train_sentencepiece(lines: Iterable[str], vocab_size: int) -> bytes:
    """A unigram sentencepiece model (single-threaded, hence deterministic) with Marian's special ids."""
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        hard_vocab_limit=False,
        character_coverage=1.0,
        num_threads=1,
        minloglevel=2,
        bos_id=-1,
        pad_id=-1,
        eos_id=0,
        unk_id=1,
    )
    return model.getvalue()


def build_marian(
    out_dir: Path,
    lines: Iterable[str],
    spm_vocab: int = 120,
    shape: MarianShape = MarianShape(),
    seed: int = 0,
) -> Path:
    """Write a Marian checkpoint into out_dir (created) and return it."""
    import sentencepiece
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    spm_model = train_sentencepiece(lines, spm_vocab)
    for name in ("source.spm", "target.spm"):
        (out_dir / name).write_bytes(spm_model)
    processor = sentencepiece.SentencePieceProcessor(model_proto=spm_model)
    vocab = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
    for filler in range(len(vocab), (shape.model_vocab or 0) - 1):
        vocab[f"<filler_{filler}>"] = filler
    vocab["<pad>"] = len(vocab)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(out_dir / "source.spm"),
        target_spm=str(out_dir / "target.spm"),
        vocab=str(out_dir / "vocab.json"),
        source_lang="src",
        target_lang="tgt",
        model_max_length=shape.max_positions,
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=shape.max_positions,
        pad_token_id=vocab["<pad>"],
        eos_token_id=0,
        decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=0,
        init_std=shape.init_std,
        num_beams=1,
        max_length=shape.max_positions,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir
