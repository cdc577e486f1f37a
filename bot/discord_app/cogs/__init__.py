"""One cog per feature; the bot loads these in order at start-up."""

EXTENSIONS: tuple[str, ...] = tuple(
    f"{__name__}.{name}"
    for name in (
        "errors",
        "episodes",
        "soundtrack",
        "cast",
        "series",
        "ask",
        "quiz",
        "help",
        "admin",
        "server_settings",
    )
)
