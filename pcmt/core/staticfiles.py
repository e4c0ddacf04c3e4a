"""Static files in production: hashed names and compressed copies, written by `collectstatic`."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ProductionStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, rewriting only the `url()` and `@import` references of stylesheets.

    Vendored libraries name source maps they do not ship; those comments stay as they are
    instead of failing `collectstatic`.
    """

    patterns = tuple(
        (extension, tuple(p for p in found if "sourceMappingURL" not in str(p)))
        for extension, found in CompressedManifestStaticFilesStorage.patterns
        if extension == "*.css"
    )
