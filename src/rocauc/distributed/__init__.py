"""The exact AUC beyond one machine, engine-free: range partitions chosen from a bits-sketch
(:mod:`rocauc.distributed.partition`) and the steps every engine adapter shares
(:mod:`rocauc.distributed.engine`)."""
