"""Foundations shared by every stage: errors, vocabulary, the data dictionary and schemas."""
