# One task runner for the usual chores.
.PHONY: install test lint typecheck format docs demo bench

install:
	python3 -m pip install -e '.[test]'

test:
	python3 -m pytest

lint: typecheck
	ruff check hatang tests scripts benchmarks
	ruff format --check hatang tests scripts benchmarks

typecheck:
	mypy

format:
	ruff format hatang tests scripts benchmarks

docs:
	python3 scripts/gen_docs.py

demo:
	hatang demo hatang-demo --force

bench:
	python3 benchmarks/indicators.py
	python3 benchmarks/coverage.py
	python3 benchmarks/planner.py
	python3 benchmarks/serve.py
