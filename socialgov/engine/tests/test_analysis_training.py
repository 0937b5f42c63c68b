import numpy as np
import pytest

from socialgov.engine.analyzers.features import FeatureSpec, extract
from socialgov.engine.analyzers.linear import LinearModel, ModelFileError
from socialgov.engine.analyzers.training.datasets import DatasetMissing
from socialgov.engine.analyzers.training.recipes import RECIPES
from socialgov.engine.analyzers.training.train import train

LANGUAGES = {
    "english": "the parcel is late again and nobody answers",
    "french": "le colis est encore en retard",
    "german": "das Paket ist schon wieder zu spät",
    "italian": "il pacco è di nuovo in ritardo",
    "portuguese": "a encomenda está atrasada outra vez",
    "spanish": "el paquete llega tarde otra vez",
}


@pytest.fixture
def tiny_data(tmp_path):
    """A miniature copy of the development data layout, enough for the language model."""
    for language, sentence in LANGUAGES.items():
        folder = tmp_path / "xlm-t-multilingual-sentiment" / language
        folder.mkdir(parents=True)
        for split in ("train", "val"):
            texts = [f"{sentence} {i}" for i in range(12)]
            (folder / f"{split}_text.txt").write_text("\n".join(texts) + "\n")
            (folder / f"{split}_labels.txt").write_text(
                "\n".join(str(i % 3) for i in range(12)) + "\n"
            )
    xed = tmp_path / "xed-emotion-nl-fr"
    xed.mkdir()
    for name, sentence in (
        ("nl-projections.tsv", "het pakket is weer te laat"),
        ("fr-projections.tsv", "le train est en retard"),
        ("en-annotated.tsv", "the train is late"),
    ):
        (xed / name).write_text("\n".join(f"{sentence} {i}\t1" for i in range(12)) + "\n")
    return tmp_path


def test_training_twice_gives_identical_weights(tiny_data, tmp_path):
    first = train(["language"], tiny_data, tmp_path / "a", log=lambda _: None)
    second = train(["language"], tiny_data, tmp_path / "b", log=lambda _: None)
    assert first[0].digest == second[0].digest
    a = LinearModel.load(tmp_path / "a" / "language.npz")
    b = LinearModel.load(tmp_path / "b" / "language.npz")
    assert np.array_equal(a.weights, b.weights)
    assert np.array_equal(a.bias, b.bias)


def test_training_writes_a_model_card_with_provenance(tiny_data, tmp_path):
    train(["language"], tiny_data, tmp_path, log=lambda _: None)
    card = (tmp_path / "language.md").read_text()
    for needed in ("Training rows", "Command", "Dev scores", "xlm-t", "allow_pickle=False"):
        assert needed in card


def test_missing_training_data_is_reported_not_guessed(tmp_path):
    with pytest.raises(DatasetMissing):
        train(["language"], tmp_path, tmp_path / "out", log=lambda _: None)


def test_the_shipped_models_are_small_safe_files_with_cards():
    from socialgov.engine.analyzers.linear import MODELS_DIR

    for name in RECIPES:
        path = MODELS_DIR / f"{name}.npz"
        assert path.stat().st_size < 5 * 1024 * 1024
        assert (MODELS_DIR / f"{name}.md").exists()
        with np.load(path, allow_pickle=False) as data:
            assert data["weights"].dtype == np.float16


def test_a_corrupt_model_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a zip file")
    with pytest.raises(ModelFileError, match="cannot be read"):
        LinearModel.load(path)


def test_hashed_features_do_not_depend_on_the_batch_around_a_text():
    spec = FeatureSpec()
    alone = extract(["bonjour le monde"], spec)
    batch = extract(["hello", "bonjour le monde", ""], spec)
    start, end = batch.doc_ptr[1], batch.doc_ptr[2]
    assert sorted(alone.index.tolist()) == sorted(batch.index[start:end].tolist())
