"""Training the ranking model on a slice of history."""

import json
import random

from marketplace.matching import FEATURES, RankingModel
from marketplace.matching.model import MODEL_PATH
from marketplace.matching.train import train, training_queries


def synthetic_history(seed: int = 3):
    """Two communities that keep working together, 2012–2016."""
    rng = random.Random(seed)
    orgs = [
        {
            "ref": f"o{i}",
            "name": f"O{i}",
            "kind": rng.choice(["company", "university"]),
            "country": rng.choice(["BE", "NL"]),
        }
        for i in range(40)
    ]
    topics = {0: "battery recycling chemistry", 1: "timber furniture design"}
    projects = []
    for j in range(160):
        community = j % 2
        members = rng.sample(range(community * 20, community * 20 + 20), rng.randint(3, 5))
        projects.append(
            {
                "ref": f"p{j}",
                "title": f"{topics[community]} {rng.choice(['pilot', 'study'])}",
                "summary": "",
                "start": f"{2012 + j * 5 // 160}-{rng.randint(1, 12):02d}-01",
                "tags": [f"T{community}-{2012 + j * 5 // 160}"],
                "participants": [
                    {"org": f"o{m}", "role": "coordinator" if k == 0 else "participant"}
                    for k, m in enumerate(members)
                ],
            }
        )
    return orgs, projects


def test_training_queries_mirror_the_evaluation_queries():
    _, projects = synthetic_history()
    queries = training_queries(projects, 2015.0, 2017.0)
    assert queries
    query, truth = queries[0]
    source = next(p for p in projects if p["ref"] == query["id"])
    assert query["org"] == source["participants"][0]["org"]
    assert query["org"] not in truth
    assert query["text"].startswith(source["title"])


def test_training_is_deterministic_and_yields_a_usable_model():
    orgs, projects = synthetic_history()
    first = train(orgs, projects, seed=1)
    second = train(orgs, projects, seed=1)
    first["training"].pop("seconds")
    second["training"].pop("seconds")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    model = RankingModel.from_dict(first)
    assert model.with_org.weights.shape == (len(FEATURES),)
    assert "partner" in first["models"]["with_org"]["fitted"]
    # Signals this history cannot teach keep their documented prior weights.
    assert "value_chain" in first["models"]["with_org"]["priors"]


def test_versioned_model_file_covers_every_feature():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data["features"]) == set(FEATURES)
    RankingModel.load()


def test_with_text_vectors_the_meaning_scorers_are_fitted_deterministically():
    import numpy as np

    from marketplace.matching import embedding

    orgs, projects = synthetic_history()
    texts = {f"{p['title']}. {p['summary']}" for p in projects}
    # Stand-in vectors: one direction per topic word, so the two communities are far apart.
    words = sorted({w for t in texts for w in t.replace(".", "").split()})
    vectors = {}
    for t in texts:
        v = np.zeros(len(words), dtype=np.float32)
        for w in t.replace(".", "").split():
            v[words.index(w)] = 1.0
        vectors[embedding.text_key(t)] = v / np.linalg.norm(v)
    first = train(orgs, projects, seed=1, vectors=vectors)
    second = train(orgs, projects, seed=1, vectors=vectors)
    first["training"].pop("seconds")
    second["training"].pop("seconds")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    model = RankingModel.from_dict(first)
    assert model.has_meaning
    assert {"meaning_projects", "meaning_best", "meaning_profile"} & set(
        first["models"]["text_only_meaning"]["fitted"]
    )
    # The fallback scorers never weigh what they will not have.
    assert not {"meaning_projects", "meaning_best", "meaning_profile"} & set(
        first["models"]["text_only"]["fitted"]
    )
    for part in first["models"].values():
        assert part["calibration"]["logit"] >= 0 and part["calibration"]["gap"] >= 0
