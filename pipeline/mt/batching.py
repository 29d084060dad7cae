"""Length-bucketed batches: similar lengths together (little padding), bounded by tokens and size."""

from __future__ import annotations

from collections.abc import Iterator, Sequence


def length_batches(lengths: Sequence[int], max_batch_tokens: int, max_batch_size: int) -> Iterator[list[int]]:
    """Indexes into `lengths`, longest first, grouped so that size * longest <= max_batch_tokens.

    A single item longer than max_batch_tokens still gets a batch of its own; the caller has
    already cut texts to the model's limit, which keeps memory bounded.
    """
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batch: list[int] = []
    for index in order:
        longest = lengths[batch[0]] if batch else lengths[index]
        if batch and ((len(batch) + 1) * longest > max_batch_tokens or len(batch) >= max_batch_size):
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch
