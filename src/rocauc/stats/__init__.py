"""Statistics on counts tables and normalized problems: intervals, DeLong, bootstrap, comparisons and tests,
operating points, bands, smoothing, partial AUC, calibration, power and the evaluation model. Imports only the
core."""
