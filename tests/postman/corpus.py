"""The Postman corpus (../shared/corpus/postman, see its MANIFEST rows): 59 collections."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "postman"
# Postman's own format examples, 25 collections in each of the v2.0 and v2.1 spellings (644
# requests), and a payments API's 9 v2.1 collections (268 requests) with their environments
EXAMPLES = sorted(CORPUS.glob("postmanlabs-schemas/examples/draft-07/*/*.json"))
TRANSFERWISE = sorted(CORPUS.glob("transferwise/*/*.postman_collection.json"))
COLLECTIONS = TRANSFERWISE + EXAMPLES


def environment_of(collection: Path) -> Path | None:
    """The environment file published beside a collection, if any."""
    found = sorted(collection.parent.glob("*.postman_environment.json"))
    return found[0] if found else None
