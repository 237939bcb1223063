"""polychat's Spark jobs (docs/decisions/0044-0046): analytics, stream and graph."""
