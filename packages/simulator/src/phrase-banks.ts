// The sentences simulated conversations are built from, by speaker, phase and technique.
// Placeholders in braces are filled from the brief; a sentence whose placeholder has no value
// (no trait, no source, no consultant name) is simply not chosen.

export const USER_GREETING = [
  "Hi, I'm {first}.",
  "Hello, my name is {first}.",
  "Hi there. I'm {first}, and thanks for making time for me.",
  "Hi {consultant}, I'm {first}.",
] as const;

export const USER_CONCERN = [
  "I wanted to talk about {topic}, because I keep putting it off.",
  "I'm here about {topic}. It's been on my mind for months and I don't really know where to start.",
  "I reached out because of {topic}; it feels like everyone else has this figured out except me.",
  "I need some help with {topic}, and honestly I've been avoiding it.",
  "Something about {topic} has been bothering me and I finally decided to ask someone.",
] as const;

export const USER_INTENT = [
  "What I'd really like is to {intent}.",
  "If I walk away from this able to {intent}, I'll be happy.",
] as const;

export const USER_SOURCE = [
  'I read something called "{sourceTitle}" and it made me think about my own situation.',
  'A friend sent me "{sourceTitle}", and I can\'t stop thinking about how it applies to me.',
] as const;

/** How the client voices the emotion of the turn, by how distressed it is. */
export const USER_EMOTION = {
  distressed: [
    "Honestly, I feel really {emotion} about it.",
    "It's been making me so {emotion} that I can barely think about it straight.",
    "I'm {emotion}, if I'm being completely honest.",
  ],
  uneasy: [
    "I'm still a bit {emotion}, to be honest.",
    "Part of me is {emotion} about all of this.",
    "I guess I'm feeling {emotion} more than anything.",
  ],
  neutral: [
    "I think I'm more {emotion} than anything right now.",
    "I'm feeling {emotion} about where this is going.",
  ],
  easing: [
    "I actually feel {emotion} about this now.",
    "That makes me feel a lot more {emotion}.",
    "I didn't expect to say this today, but I feel {emotion}.",
  ],
} as const;

/** The client says something about themselves: an adjective trait, or a habit. */
export const USER_TRAIT = {
  adjective: [
    "I'm pretty {trait} by nature, so this gets to me more than it probably should.",
    "People describe me as {trait}, and I think that shows in how I've handled this.",
    "If I'm honest, being {trait} makes {topic} harder, not easier.",
  ],
  habit: [
    "One thing you should know about me: I tend to {habit}.",
    "I'll be upfront that I {habit}, and it shows here.",
  ],
} as const;

export const USER_EXPLORATION = [
  "It's mostly the {kw} side of things. Every time I look at it, I end up closing the tab.",
  "I guess it started a couple of years ago. Things with my {kw} got complicated and I never really caught up.",
  "I've tried to sort out my {kw} on my own before, but I always get stuck at the same point.",
  "Nobody around me really talks about {topic}, so I end up carrying it alone.",
  "There's no single crisis. It's more a constant background worry about my {kw}.",
  "I keep comparing myself to friends who seem to have this whole {kw} thing completely handled.",
  "When I think about it, the real issue is that I don't trust myself with my {kw}.",
  '"{sourceTitle}" made it all sound simple, and that made me feel worse, not better.',
] as const;

export const USER_GUIDANCE = [
  "Okay, that actually sounds doable. How would I start with my {kw}, though?",
  "I like that idea, but what if I fall behind again after a month?",
  "That's a different way of looking at it. I'd never thought of my {kw} as something I could break into smaller pieces.",
  "So you're saying I don't have to sort everything about my {kw} out at once?",
  "I can see that. Being {trait}, I'd probably want to write the steps down.",
  "That makes sense. I think I could try that this week.",
  "Part of me still wants a guarantee, but I get why there isn't one.",
  "What would a realistic first month look like, then?",
] as const;

export const USER_CLOSING = [
  "Thank you. This helped more than I expected.",
  "I really appreciate you not making me feel judged about any of this.",
  "Okay. I'm going to start with that first step this week and see how it goes.",
  "I came in dreading this conversation about {topic}, and now I have an actual plan.",
  "Can we check in again after I've tried it?",
] as const;

export const ASSISTANT_GREETING = [
  "Hi {first}, I'm {consultant}. I'm really glad you reached out.",
  "It's good to meet you, {first}. Thanks for coming in.",
  "Welcome, {first}. I'm glad you're here.",
] as const;

/** Sentences per technique; the technique name is recorded on the turn that uses one. */
export const TECHNIQUES = {
  validation: [
    "Thank you for telling me that, {first}. Feeling {emotion} about {topic} makes a lot of sense given everything you're juggling.",
    "That sounds genuinely hard, and it's understandable to feel {emotion} when {topic} has been hanging over you.",
    "I can hear how much this has been weighing on you, and those feelings are completely valid.",
  ],
  normalizing: [
    "You're far from alone in this; many people I talk with feel exactly the same way about {topic}.",
    "Putting off {kw} decisions is one of the most common things people do when it all feels overwhelming, and it says nothing bad about you.",
  ],
  reflective_listening: [
    "What I'm hearing is that it's less about the {kw} itself and more about not wanting to feel {emotion} every time it comes up.",
    "It sounds like the hardest part isn't knowing what to do; it's carrying this on your own.",
  ],
  open_question: [
    "Can you tell me a bit more about what's been happening with your {kw} lately?",
    "Which part of {topic} feels heaviest right now?",
    "What have you already tried, and what got in the way?",
  ],
  values_exploration: [
    "When you imagine things going well with your {kw} a year from now, what does that look like for you?",
    "What matters most to you about getting {topic} right: security, freedom, or something else?",
  ],
  reframing: [
    "Here's another way to see it: the fact that you're here asking about {topic} is already a step many people never take.",
    "Instead of treating your {kw} as a test you're failing, we can treat it as information that tells us where to start.",
  ],
  psychoeducation: [
    "It helps to know that progress with your {kw} rarely comes from one big move; it's usually a handful of small, repeatable habits.",
    "One thing that often helps is separating what you can control about your {kw} from what you can't, and planning only around the first list.",
    "What we're really working on here is {topicDescription}, and that is a skill you can build, not a trait you either have or don't.",
  ],
  action_planning: [
    "What if we picked one small step for this week, say twenty minutes writing down where things stand with your {kw}?",
    "Let's break this into three pieces: where you are now, where you'd like to be, and the very next step. Today we only need the next step.",
    "How would it feel to set a short, recurring check-in with yourself about your {kw}, maybe fifteen minutes every Sunday?",
  ],
  strengths_affirmation: [
    "Being {strength} is actually an asset here: it gives you something solid to build on.",
    "You've already shown a lot of honesty today, and that's exactly what makes progress possible.",
  ],
  source_reference: [
    'The piece you mentioned, "{sourceTitle}", makes a useful point: "{sourceQuote}" Let\'s look at how that applies to you.',
    'There\'s a line in "{sourceTitle}" worth holding onto: "{sourceQuote}" It fits what you\'re describing.',
  ],
  summarizing: [
    "So, to pull it together: you came in feeling {startEmotion} about {topic}, we found one concrete next step, and you have a way to check in on it.",
    "Let's recap: we named what's been hard about your {kw}, we picked a first step that fits your life, and we agreed it's fine to adjust as you go.",
  ],
  encouragement: [
    "I'm really glad you brought this to me, {first}. You don't need to have it all figured out to make real progress.",
    "You've done the hardest part today. Let's check in after you've tried the first step and adjust from there.",
    "Be kind to yourself as you try this; progress with your {kw} is rarely a straight line, and that's okay.",
  ],
} as const;

export type Technique = keyof typeof TECHNIQUES;
