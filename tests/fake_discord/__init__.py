"""A loopback fake of Discord (REST + gateway) for testing the real discord.py client."""

from .conformance import ConformanceError, Violation, check, violations
from .harness import BotUnderTest, bot_on_fake, fake_discord, fast_retries, running_client
from .server import BotResponse, FakeDiscord, InteractionHandle

__all__ = [
    "BotResponse",
    "BotUnderTest",
    "ConformanceError",
    "FakeDiscord",
    "InteractionHandle",
    "Violation",
    "bot_on_fake",
    "check",
    "fake_discord",
    "fast_retries",
    "running_client",
    "violations",
]
