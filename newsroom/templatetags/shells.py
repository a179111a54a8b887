"""{% shellpart "name" %}…{% endshellpart %}: a part of a record page kept in its shell (newsroom/shells.py)."""

from __future__ import annotations

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString

register = template.Library()


class ShellPartNode(Node):
    """Outputs the page's shell's copy of this part when the view found one; renders the part otherwise."""

    child_nodelists = ("nodelist",)

    def __init__(self, name: str, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString | str:
        shell = context.get("shell")
        if shell is not None and self.name in shell.blocks:
            return shell.blocks[self.name]
        return self.nodelist.render(context)


@register.tag
def shellpart(parser: Parser, token: Token) -> ShellPartNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('usage: {% shellpart "name" %}…{% endshellpart %}')
    nodelist = parser.parse(("endshellpart",))
    parser.delete_first_token()
    return ShellPartNode(bits[1][1:-1], nodelist)
