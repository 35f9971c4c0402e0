# The DOM layer: node tree, inline style, MutationObserver (DESIGN.md).
set(FL_DOM_SOURCES
  dom/node.c
  dom/document.c
  dom/tree.c
  dom/element.c
  dom/text.c
  dom/css_value.c
  dom/css_color.c
  dom/style.c
  dom/registry.c
  dom/records.c
  dom/observer.c
  dom/notify.c
)
