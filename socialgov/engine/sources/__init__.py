"""Sources of posts: one sub-package per platform or import format.

A connector is plain Python (no Django): it gets its configuration, its decrypted secrets and a
guarded HTTP client, and yields batches of normalised posts together with the cursor that holds
once the batch is stored. The pipeline stores each batch and its cursor in one transaction, so a
restart resumes after the last stored batch. Adding a platform means adding a sub-package that
registers a `SourceSpec` with `register_source`.
"""

from socialgov.engine.sources.base import (
    Batch,
    ConnectorError,
    CredentialsRejected,
    IncomingAuthor,
    IncomingPost,
    InvalidConfiguration,
    PartFailure,
    Rejection,
    Source,
    SourceSpec,
    SourceUnavailable,
    build_source,
    register_source,
    source_kinds,
    source_spec,
)

__all__ = [
    "Batch",
    "ConnectorError",
    "CredentialsRejected",
    "IncomingAuthor",
    "IncomingPost",
    "InvalidConfiguration",
    "PartFailure",
    "Rejection",
    "Source",
    "SourceSpec",
    "SourceUnavailable",
    "build_source",
    "register_source",
    "source_kinds",
    "source_spec",
]
