"""Sorting text in the order of the Polish alphabet, for every stage that lists names (centres, voivodeships)."""

from __future__ import annotations

_POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuvwxyzźż"


def polish_order(text: str) -> tuple[int, ...]:
    """A sort key in the order of the Polish alphabet ('łódzkie' after 'lubuskie', 'śląskie' after 'pomorskie');
    characters outside it (digits, spaces, punctuation) sort after the letters, by code point.

    >>> sorted(["śląskie", "łódzkie", "lubuskie", "pomorskie"], key=polish_order)
    ['lubuskie', 'łódzkie', 'pomorskie', 'śląskie']
    """
    return tuple(_POLISH_ALPHABET.index(c) if c in _POLISH_ALPHABET else 100 + ord(c) for c in text.casefold())


__all__ = ["polish_order"]
