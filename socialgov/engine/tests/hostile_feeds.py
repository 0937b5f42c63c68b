"""Feeds the way real servers send them, written for these tests (not copied from a corpus):
each one broke a strict XML parser."""

from __future__ import annotations

ITEM = "<item><title>{title}</title><link>https://news.example/{slug}</link>{extra}</item>"


def rss(items: str, *, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return f'{declaration}<rss version="2.0"><channel><title>News</title>{items}</channel></rss>'


def declared(encoding: str, title: str) -> bytes:
    """A feed in a multi-byte encoding that says so in its XML declaration."""
    text = rss(
        ITEM.format(title=title, slug="a", extra=""),
        declaration=f'<?xml version="1.0" encoding="{encoding}"?>',
    )
    return text.encode(encoding)


def utf16_without_bom(title: str) -> bytes:
    text = rss(
        ITEM.format(title=title, slug="a", extra=""),
        declaration='<?xml version="1.0" encoding="utf-16"?>',
    )
    return text.encode("utf-16-le")


def bogus_encoding() -> bytes:
    return rss(
        ITEM.format(title="Mosa", slug="a", extra=""),
        declaration='<?xml version="1.0" encoding="x-no-such-charset"?>',
    ).encode()


def undeclared_windows_1252() -> bytes:
    """Curly quotes and an accent in Windows-1252 with no declaration: not UTF-8."""
    return rss(
        ITEM.format(title="\u201cMosa\u201d r\u00e9pond", slug="a", extra=""), declaration=""
    ).encode("cp1252")


def html_entities() -> bytes:
    return rss(ITEM.format(title="Caf&eacute;&nbsp;Mosa &copy; 2026", slug="a", extra="")).encode()


def whitespace_before_declaration() -> bytes:
    return b"\n\n   " + rss(ITEM.format(title="Mosa", slug="a", extra="")).encode()


ATOM_03 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Reviews</title>
  <entry>
    <title>Mosa answers late</title>
    <link rel="alternate" type="text/html" href="https://reviews.example/1"/>
    <id>tag:reviews.example,2026:1</id>
    <issued>2026-11-26T10:00:00+01:00</issued>
    <modified>2026-11-26T10:00:00+01:00</modified>
    <content type="text/html" mode="escaped"
      >&lt;p&gt;Three weeks without an answer&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Encoded body</title>
    <id>tag:reviews.example,2026:2</id>
    <issued>2026-11-26T11:00:00Z</issued>
    <content type="text/plain" mode="base64">TW9zYSBiYXNlNjQgYm9keQ==</content>
  </entry>
</feed>"""

ATOM_XHTML = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title>Blog</title>
  <entry>
    <id>urn:1</id><title>Xhtml</title><updated>2026-11-26T10:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"
      ><p>Mosa <b>leaks</b></p></div></content>
  </entry>
  <entry>
    <id>urn:2</id><title>Video</title><updated>2026-11-26T10:00:00Z</updated>
    <media:group><media:description>Mosa video description</media:description></media:group>
  </entry>
</feed>"""

RSS_090 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Old</title><link>https://old.example/</link><description>d</description></channel>
  <item><title>Mosa in 1999</title><link>https://old.example/1</link></item>
</rdf:RDF>"""

NAMED_ZONES = rss(
    ITEM.format(title="Eastern", slug="et", extra="<pubDate>Wed, 26 Nov 2026 10:00:00 ET</pubDate>")
    + ITEM.format(
        title="Summer", slug="mest", extra="<pubDate>Wed, 26 Nov 2026 10:00:00 MEST</pubDate>"
    )
    + ITEM.format(title="Undated", slug="none", extra="")
    + ITEM.format(title="Garbled", slug="bad", extra="<pubDate>sometime soon</pubDate>")
    + ITEM.format(
        title="Creator",
        slug="dc",
        extra='<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Jan Peeters</dc:creator>',
    )
).encode()
