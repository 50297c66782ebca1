// Reference seed data: the financial-planning topics of the reference dataset.
import type { TrainingTopicFields } from "../repositories/training-topics.ts";

export const REFERENCE_TRAINING_TOPICS: (TrainingTopicFields & { key: string })[] = [
  {
    key: "investment_basics",
    name: "Investment Basics",
    category: "investing",
    description: "Stocks, bonds and funds; diversification; risk and time horizon; costs and fees.",
  },
  {
    key: "retirement_401k",
    name: "401(k) Basics",
    category: "retirement",
    description:
      "How workplace plans work: contributions, employer match, vesting, rollovers of old plans.",
  },
  {
    key: "retirement_planning",
    name: "Retirement Planning",
    category: "retirement",
    description:
      "How much is enough, catching up late, Social Security timing, turning savings into income.",
  },
  {
    key: "debt_management",
    name: "Debt Management",
    category: "debt",
    description:
      "Credit cards, student and car loans; avalanche versus snowball; consolidation; talking to creditors.",
  },
  {
    key: "cash_flow_budgeting",
    name: "Cash Flow & Budgeting",
    category: "budgeting",
    description:
      "Knowing where money goes, spending plans that survive real life, irregular income.",
  },
  {
    key: "emergency_fund",
    name: "Emergency Fund",
    category: "budgeting",
    description: "How big, where to keep it, how to build it without stalling other goals.",
  },
  {
    key: "insurance_decisions",
    name: "Insurance Decisions",
    category: "risk_management",
    description:
      "Life, disability, health and property cover: how much is enough and what can be skipped.",
  },
  {
    key: "tax_strategy",
    name: "Tax Strategy",
    category: "tax",
    description:
      "Tax-advantaged accounts, Roth versus traditional, deductions for the self-employed.",
  },
  {
    key: "estate_planning",
    name: "Estate Planning",
    category: "estate",
    description: "Wills, beneficiaries, powers of attorney and guardianship for children.",
  },
  {
    key: "life_transitions",
    name: "Life Transitions",
    category: "life_events",
    description: "Marriage, divorce, a new child, job loss, inheritance, the death of a partner.",
  },
  {
    key: "college_savings",
    name: "College Savings",
    category: "education",
    description: "529 plans, balancing college and retirement saving, financial aid basics.",
  },
  {
    key: "financial_crisis",
    name: "Financial Crisis",
    category: "crisis",
    description:
      "Acute money emergencies: eviction or foreclosure threats, collections, overwhelming debt.",
  },
  {
    key: "investment_selection",
    name: "Choosing Specific Investments",
    category: "investing",
    description:
      "Requests to pick particular stocks, funds or coins, and how to evaluate options instead.",
  },
  {
    key: "multiple_financial_goals",
    name: "Competing Financial Goals",
    category: "planning",
    description:
      "Several goals competing for the same dollars and the order in which to tackle them.",
  },
];
