"""``python -m summarizer.cli`` = ``crc``."""

from summarizer.cli import main

main()
