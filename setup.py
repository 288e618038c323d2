"""The one compiled module: the loops of the exact float32 AUC (optional: without a C compiler rocauc installs
without it and counts with numpy, more slowly)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "rocauc.core._kernels",
            ["src/rocauc/core/_kernels.c"],
            extra_compile_args=["-O3"],
            optional=True,
        )
    ]
)
