"""CTranslate2: converted Marian/NLLB/M2M100 models, int8 on CPU (the fast path)."""

from __future__ import annotations

from pipeline.mt.backends import Backend, _first_line
from pipeline.mt.errors import CorruptModel


class CTranslate2Backend(Backend):
    def _load(self) -> None:
        import ctranslate2

        self.device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        try:
            self.translator = ctranslate2.Translator(
                str(self.located.path),
                device=self.device,
                compute_type="default",
                intra_threads=self.generation.threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise CorruptModel(
                f"{self.located.path / 'model.bin'}: cannot load ({_first_line(exc)})"
            ) from exc

    def _generate(self, texts: list[str]) -> list[str]:
        tokenizer = self.tokenizer
        sources = [tokenizer.convert_ids_to_tokens(tokenizer.encode(text)) for text in texts]
        new_tokens = self.max_new_tokens(max(len(tokens) for tokens in sources))
        target = self.target_token
        prefix = [[target] for _ in sources] if target else None
        results = self.translator.translate_batch(
            sources,
            target_prefix=prefix,
            beam_size=self.generation.beam_size,
            max_decoding_length=new_tokens + (1 if target else 0),
            min_decoding_length=(new_tokens if self.generation.pinned_output_tokens else 1),
            max_input_length=self.located.max_positions,
        )
        outputs = []
        for result in results:
            tokens = result.hypotheses[0][1:] if target else result.hypotheses[0]
            outputs.append(
                tokenizer.decode(tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True)
            )
        return outputs
