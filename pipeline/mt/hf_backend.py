"""Hugging Face transformers seq2seq checkpoints: Marian (opus-mt), NLLB-200, M2M100."""

from __future__ import annotations

from pipeline.mt.backends import Backend, _first_line
from pipeline.mt.errors import CorruptModel


class TransformersBackend(Backend):
    def _load(self) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        if self.generation.threads:
            torch.set_num_threads(self.generation.threads)
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(self.located.path), local_files_only=True)
        except Exception as exc:  # a broken checkpoint surfaces as many exception types
            raise CorruptModel(f"{self.located.path}: cannot load the model ({_first_line(exc)})") from exc
        self.model = model.to(self.device).eval()
        target = self.target_token
        self.forced_bos = self.tokenizer.convert_tokens_to_ids(target) if target else None

    def _generate(self, texts: list[str]) -> list[str]:
        import torch

        encoded = self.tokenizer(texts, return_tensors="pt", padding=True).to(self.device)
        new_tokens = self.max_new_tokens(int(encoded["input_ids"].shape[1]))
        # No forced </s> at the cap: a capped output then keeps its last word, as CTranslate2's does.
        options = {
            "num_beams": self.generation.beam_size,
            "max_new_tokens": new_tokens,
            "forced_eos_token_id": None,
        }
        if self.generation.pinned_output_tokens:
            options["min_new_tokens"] = new_tokens
        if self.forced_bos is not None:
            options["forced_bos_token_id"] = self.forced_bos
        with torch.inference_mode():
            output = self.model.generate(**encoded, **options)
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)
