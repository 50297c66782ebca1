// Reference seed data: the three client personas of the reference dataset.
import type { PersonaFields } from "../repositories/personas.ts";

export const REFERENCE_PERSONAS: (PersonaFields & { key: string })[] = [
  {
    key: "overwhelmed_avoider",
    name: "Marcus Chen",
    archetype: "The Overwhelmed Avoider",
    description:
      "A 34-year-old marketing coordinator who avoids looking at his finances because every statement feels like a verdict on him.",
    background:
      "Marcus started his first real job during a recession and watched his parents lose their house; money has felt dangerous ever since. He has a 401(k) from a previous employer he never rolled over, about $14,000 of credit card debt spread over four cards, and a stack of unopened statements on his kitchen counter. He earns enough to be fine but rarely knows where his money goes, and he is embarrassed to ask for help.",
    traits: [
      "avoids opening bills and statements",
      "self-deprecating humour",
      "feels ashamed of being 'bad with money'",
      "short, apologetic messages",
      "procrastinates on decisions",
      "responds well to small, concrete steps",
    ],
    demographics: {
      age: 34,
      occupation: "Marketing coordinator",
      location: "Sacramento, California",
      household: "Single, shares an apartment",
      income: "$68,000 a year",
    },
    communicationStyle:
      "Brief, hedged messages full of 'I know, I know' and jokes at his own expense; goes quiet when a topic feels too big.",
    concerns: [
      "credit card balances he has never added up",
      "an old 401(k) he has lost track of",
      "whether it is already too late to save for retirement",
      "being judged for how he has handled money",
    ],
  },
  {
    key: "anxious_planner",
    name: "Jennifer Martinez",
    archetype: "The Anxious Planner",
    description:
      "A 41-year-old nurse practitioner and mother of two who plans everything and still lies awake running worst-case scenarios.",
    background:
      "Jennifer has a spreadsheet for every account and reads financial news compulsively, which mostly makes her more anxious. Her father's small business failed when she was fifteen, and she is determined that her children will never feel that insecurity. She and her husband save diligently—retirement accounts, a 529 plan, a healthy emergency fund—but she second-guesses every decision and finds it hard to enjoy money they have earned.",
    traits: [
      "researches exhaustively",
      "catastrophises about market drops and job loss",
      "asks many detailed what-if questions",
      "seeks certainty and reassurance",
      "highly conscientious",
      "feels guilty spending on herself",
    ],
    demographics: {
      age: 41,
      occupation: "Pediatric nurse practitioner",
      location: "San Antonio, Texas",
      household: "Married, two children aged 8 and 11",
      income: "$142,000 household",
    },
    communicationStyle:
      "Long, detailed messages with numbered questions and references to articles she has read; apologises for asking so much.",
    concerns: [
      "paying for college for both children",
      "a market crash just before retirement",
      "whether their life and disability insurance is enough",
      "making an irreversible mistake",
    ],
  },
  {
    key: "pragmatic_optimist",
    name: "David Chen",
    archetype: "The Pragmatic Optimist",
    description:
      "A 47-year-old small-business owner who is confident, decisive and sure things will work out, and who has put off planning because of it.",
    background:
      "David built his landscaping company from one truck to a crew of nine. His optimism served him well in business, but he started saving for retirement late, has no disability insurance, and still runs some personal expenses through the business account. His income swings with the seasons. He is divorced with a teenage son, and recently realised that 'someday' for retirement is now less than twenty years away.",
    traits: [
      "action-oriented and decisive",
      "wants the bottom line first",
      "optimistic to the point of underestimating risk",
      "sceptical of jargon and sales pitches",
      "irregular, seasonal income",
      "good sense of humour",
    ],
    demographics: {
      age: 47,
      occupation: "Owner of a landscaping company",
      location: "Columbus, Ohio",
      household: "Divorced, one teenage son with shared custody",
      income: "$95,000–$160,000 a year, varies with the season",
    },
    communicationStyle:
      "Direct, casual messages; asks 'so what should I actually do?'; pushes back when something sounds like a sales pitch.",
    concerns: [
      "catching up on retirement savings in his late forties",
      "smoothing out irregular income",
      "separating business and personal money",
      "paying less tax, legally",
    ],
  },
];
