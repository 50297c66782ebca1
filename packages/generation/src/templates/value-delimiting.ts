// How untrusted text (template values, source documents) is placed in a prompt: inside a named
// tag whose closing sequence cannot occur in the text, so the text cannot end its block early.
//
// Why tags and not HTML escaping: the reader is a model, not a browser. `&lt;` would corrupt
// the data the model is asked to use, while a tag tells it exactly where supplied data starts
// and ends. The only sequence that could break out is a closing tag, so every `</` inside the
// text becomes `<\/` (the same trick JSON uses inside <script>): visible, harmless, and it
// neutralises the wrapper's own closing tag and any outer block's (`</generation_brief>`, ...).

/** Rewrites every `</` so the text cannot close any tag it is wrapped in. */
export function neutraliseClosingTags(text: string): string {
  return text.replaceAll("</", "<\\/");
}

/** `<tag>text</tag>` on one line, for short inline values. */
export function delimitInline(tag: string, text: string): string {
  return `<${tag}>${neutraliseClosingTags(text)}</${tag}>`;
}

/** A block with the tag on its own lines, for long documents. */
export function delimitBlock(tag: string, text: string): string {
  return `<${tag}>\n${neutraliseClosingTags(text)}\n</${tag}>`;
}
