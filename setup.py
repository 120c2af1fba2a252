"""The packages a wheel holds: every package under generator/, found as it grows, and the shipped
templates folder (layouts, master, fonts), installed as generator.templates (pyproject.toml maps it)."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["generator*"]),
        "generator.templates",
        "generator.templates.layouts",
    ]
)
