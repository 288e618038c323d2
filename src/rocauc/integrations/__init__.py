"""Thin adapters to other libraries, each imported only when used: Keras (metric, callback, model evaluation),
Dask, Spark and files read in chunks. Their public paths are ``rocauc.keras``, ``rocauc.dask``, ``rocauc.spark``
and ``rocauc.outofcore``."""
