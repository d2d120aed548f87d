"""A ``DataLoader``'s batches, epoch by epoch, read from the loader itself.

The loader is given a seeded ``torch.Generator``: it shuffles with it and moves it on, so
each epoch comes in a new order and the whole run repeats exactly from the same seed.
``drop_last`` leaves out the short batch at the end, which, shuffled, holds different items
each epoch.
"""

from __future__ import annotations

from dataclasses import dataclass

from explorers._torch import generator, torch


@dataclass(frozen=True)
class Batches:
    items: int
    batch_size: int
    shuffle: bool
    drop_last: bool
    epochs: tuple[tuple[tuple[int, ...], ...], ...]  # epoch -> batch -> item indices

    @property
    def per_epoch(self) -> int:
        return len(self.epochs[0])

    @property
    def dropped(self) -> tuple[tuple[int, ...], ...]:
        """The items each epoch left out (only with drop_last)."""
        return tuple(tuple(sorted(set(range(self.items)) - {i for b in e for i in b})) for e in self.epochs)

    @property
    def value(self) -> float:
        """The sum of the items in the last epoch's first batch: the page's headline."""
        return float(sum(self.epochs[-1][0]))


def batches(items: int, batch_size: int, shuffle: bool, drop_last: bool, epochs: int, seed: int) -> Batches:
    t = torch()
    data = t.utils.data.TensorDataset(t.arange(items))
    loader = t.utils.data.DataLoader(data, batch_size=batch_size, shuffle=shuffle, drop_last=drop_last,
                                     generator=generator(seed))
    drawn = tuple(tuple(tuple(int(i) for i in batch) for (batch,) in loader) for _ in range(epochs))
    return Batches(items, batch_size, shuffle, drop_last, drawn)


def code(items: int, batch_size: int, shuffle: bool, drop_last: bool, epochs: int, seed: int) -> str:
    return f'''\
import torch
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.arange({items}))  # items 0..{items - 1}: each batch shows which ones it holds
# The loader shuffles with this generator and moves it on: a new order each epoch, and the
# same run again from the same seed.
loader = DataLoader(data, batch_size={batch_size}, shuffle={shuffle}, drop_last={drop_last},
                    generator=torch.Generator().manual_seed({seed}))
print(f"{{len(loader)}} batches per epoch")
for epoch in range({epochs}):
    batches = [batch.tolist() for (batch,) in loader]
    print(f"epoch {{epoch + 1}}:", batches)

value = sum(batches[0])  # the page's headline: the sum of the last epoch's first batch
'''
