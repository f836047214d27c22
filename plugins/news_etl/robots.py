"""robots.txt rules of one origin (RFC 9309 outcomes for missing or unreachable files): allowed, delay, sitemaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.robotparser import RobotFileParser

MAX_CRAWL_DELAY_S = 60.0  # a Crawl-delay of hours would stall a run; cap it and stay slow, not stuck


@dataclass
class Robots:
    """The rules for one origin. `status` is the robots.txt HTTP status (None: unreachable)."""

    status: int | None
    text: str = ""
    _parser: RobotFileParser = field(default_factory=RobotFileParser, repr=False)

    def __post_init__(self) -> None:
        if self.status is not None and 200 <= self.status < 300:
            self._parser.parse(self.text.splitlines())
        self._parser.modified()

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.status is None or self.status >= 500:
            return False  # RFC 9309 2.3.1.4: unreachable (5xx, network error) means complete disallow
        if self.status >= 300:
            return True  # 2.3.1.3: no robots.txt (4xx), no restrictions
        return bool(self._parser.can_fetch(user_agent, url))

    def crawl_delay(self, user_agent: str) -> float | None:
        delay = self._parser.crawl_delay(user_agent)
        if delay is None:
            return None
        return min(float(delay), MAX_CRAWL_DELAY_S)

    def sitemaps(self) -> list[str]:
        return list(self._parser.site_maps() or [])
