"""`python -m hatang` runs the hatang command."""

from hatang.cli import main

main()
