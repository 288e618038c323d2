"""The core: the input boundary (``normalize``), the counts table (exact and binned builders), curves, scores,
averaging and the policy rules. It imports nothing else from rocauc."""
