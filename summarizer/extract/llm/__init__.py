"""The LLM backend: any OpenAI-compatible endpoint through openai + instructor, grounded like the rules."""

from summarizer.extract.llm.extractor import extract_llm

__all__ = ["extract_llm"]
