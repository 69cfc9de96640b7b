"""A page read as a tree of elements, to find them by their attributes as a reader's eye (or a
test) does: `page.find(testid="slot")`, `node.parent_of("form")`, `node.text()`."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def text(self) -> str:
        return "".join(
            child if isinstance(child, str) else child.text() for child in self.children
        ).strip()

    def _matches(self, tag: str | None, attrs: dict) -> bool:
        if tag is not None and self.tag != tag:
            return False
        for name, wanted in attrs.items():
            name = "data-testid" if name == "testid" else name.replace("_", "-")
            if name not in self.attrs or (wanted is not True and self.attrs[name] != wanted):
                return False
        return True

    def find_all(self, tag: str | None = None, **attrs) -> list["Node"]:
        """Every element below this one with `tag` (any if None) and the attributes (`True`:
        present with any value; `testid` for data-testid, `_` for `-` in other names)."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child._matches(tag, attrs):
                    found.append(child)
                found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def parent_of(self, tag: str) -> "Node | None":
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node

    def form_data(self) -> dict[str, list[str]]:
        """What this form posts of its inputs (hidden ones and those with a value)."""
        data: dict[str, list[str]] = {}
        for field in self.find_all("input"):
            if "name" in field.attrs:
                data.setdefault(field["name"], []).append(field.attrs.get("value") or "")
        return data


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(
            tag, {name: value if value is not None else "" for name, value in attrs}, self.current
        )
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page_tree(html: bytes | str) -> Node:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    return builder.root
