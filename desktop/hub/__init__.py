"""Central HR: the hub store, bundle intake, cross-station reports and reference bundles."""
