"""Link prediction on a tiny graph: the candidates, the formula and the features the ranker sees."""

import json

import numpy as np

from polychat_ml import links


def write_graph(folder, seed: int, users: int, pairs: int) -> None:
    """A random graph in `polychat seed`'s format: users, friendships and one group chat of 20."""
    rng = np.random.default_rng(seed)
    ids = [f"u{i}" for i in range(users)]
    edges = {tuple(sorted((ids[i], ids[j]))) for i, j in rng.integers(0, users, size=(pairs, 2)) if i != j}
    (folder / "users.jsonl").write_text("".join(json.dumps({"id": u}) + "\n" for u in ids))
    (folder / "friendships.jsonl").write_text("".join(json.dumps({"userId": u, "friendId": v}) + "\n" for u, v in sorted(edges)))
    (folder / "chats.jsonl").write_text(json.dumps({"id": "g", "type": "group", "members": [{"userId": u} for u in ids[:20]]}) + "\n")


def test_candidates_are_friends_of_friends_and_group_co_members_minus_friends():
    graph = links.Graph([("a", "b"), ("b", "c"), ("c", "d")], {"a": {"g1"}, "e": {"g1"}})
    assert graph.candidates("a") == {"c", "e"}


def test_the_formula_is_mutual_friends_plus_half_a_point_per_shared_group_chat():
    graph = links.Graph([("a", "b"), ("b", "c"), ("a", "x"), ("x", "c")], {"a": {"g1"}, "c": {"g1"}})
    assert graph.formula("a", "c") == (2.5, 2)


def test_features_count_common_neighbours_and_weight_them_by_degree():
    graph = links.Graph([("a", "b"), ("b", "c"), ("b", "d")], {})
    mutual, shared, du, dv, adamic, resource, jaccard, _ = graph.features("a", "c")
    assert (mutual, shared, du, dv) == (1, 0, 1, 1)
    assert abs(adamic - 1 / np.log(3)) < 1e-12 and abs(resource - 1 / 3) < 1e-12 and jaccard == 1.0


def test_the_evaluation_runs_end_to_end_and_is_deterministic(tmp_path):
    write_graph(tmp_path, seed=0, users=300, pairs=900)
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / f"{run}.json"
        assert links.main(["--seed-dir", str(tmp_path), "--out", str(out)]) == 0
        outputs.append(json.loads(out.read_text()))
    assert outputs[0] == outputs[1]
    assert outputs[0]["dataset"]["users"] == 300 and outputs[0]["k"] == 10
    assert set(outputs[0]["formula"]) == {"precisionAtK", "recallAtK"}


def test_train_links_writes_a_versioned_model_the_server_can_fold(tmp_path):
    from polychat_ml import train_links

    write_graph(tmp_path, seed=1, users=200, pairs=600)
    models = tmp_path / "models"
    assert train_links.main(["--seed-dir", str(tmp_path), "--models-dir", str(models)]) == 0
    out = models / "links" / "v1"
    model = json.loads((out / "model.json").read_text())
    evaluation = json.loads((out / "evaluation.json").read_text())
    assert model["format"] == "polychat.link-logreg/1" and model["features"] == links.FEATURES
    assert len(model["means"]) == len(model["scales"]) == len(model["coef"]) == len(links.FEATURES)
    assert evaluation["version"] == "v1" and set(evaluation["model"]) == {"precisionAtK", "recallAtK"}
    assert "Known failure modes" in (out / "MODEL_CARD.md").read_text()
    # A second run writes the next version, never over the first.
    assert train_links.main(["--seed-dir", str(tmp_path), "--models-dir", str(models)]) == 0
    assert (models / "links" / "v2" / "model.json").read_text().replace('"v2"', '"v1"') == (out / "model.json").read_text()
