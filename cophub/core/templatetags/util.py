from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ answers|get_item:q.code }}``: a dict value by a variable key."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None
