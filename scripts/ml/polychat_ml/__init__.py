"""polychat's training pipeline: models trained here, served in TypeScript (src/modules/moderation)."""
