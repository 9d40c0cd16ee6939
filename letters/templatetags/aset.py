"""Form media (scripts, styles, import map) rendered with this request's CSP nonce."""

from django import template
from js_asset import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def media_bernonce(context, media):
    request = context.get("request")
    return Media.from_media(media, nonce=getattr(request, "csp_nonce", ""))
