// Reference seed data: short document excerpts that give scenario-tier conversations context.
import type { SourceChunkFields } from "../repositories/source-chunks.ts";

export interface ReferenceSourceChunk extends Omit<SourceChunkFields, "topicId"> {
  key: string;
  topicKey: string;
}

export const REFERENCE_SOURCE_CHUNKS: ReferenceSourceChunk[] = [
  {
    key: "emergency_fund_guide",
    title: "How big should an emergency fund be?",
    sourceDocument: "Pathways Client Guide: Building Financial Resilience",
    sourceSection: "Emergency funds",
    topicKey: "emergency_fund",
    content:
      "An emergency fund is money set aside for surprises that would otherwise go on a credit card: a job loss, a car repair, a medical bill. We suggest three months of essential expenses for households with two stable incomes and six months for single-income households, the self-employed, or anyone in a volatile industry. Essential expenses means housing, utilities, food, insurance, minimum debt payments and transport—not your full spending. Keep the fund in an FDIC-insured high-yield savings account, separate from everyday checking so it is not spent by accident. If the full target feels out of reach, start with a starter fund of $1,000 and add to it automatically each payday.",
  },
  {
    key: "employer_match_summary",
    title: "Employer match and vesting",
    sourceDocument: "Sample 401(k) Summary Plan Description",
    sourceSection: "Section 4: Employer contributions",
    topicKey: "retirement_401k",
    content:
      "The Company matches 100% of the first 3% of eligible pay you contribute and 50% of the next 2%, for a maximum match of 4% of pay. Matching contributions vest on a graded schedule: 20% after one year of service and an additional 20% each year thereafter, fully vested after five years. Your own contributions are always 100% vested. If you leave before you are fully vested, unvested matching contributions are forfeited. For 2025 you may defer up to $23,500 of pay; participants aged 50 or over may make additional catch-up contributions.",
  },
  {
    key: "debt_payoff_methods",
    title: "Avalanche or snowball?",
    sourceDocument: "Pathways Worksheet: Paying Down Debt",
    sourceSection: "Choosing an order",
    topicKey: "debt_management",
    content:
      "List every debt with its balance, interest rate and minimum payment. Pay the minimum on all of them, then put every extra dollar toward one debt at a time. The avalanche method targets the highest interest rate first and costs the least in total interest. The snowball method targets the smallest balance first; it costs a little more but the quick wins keep many people going. The best method is the one you will stick with. When a debt is paid off, roll its whole payment into the next one.",
  },
  {
    key: "term_vs_permanent_life",
    title: "Term and permanent life insurance",
    sourceDocument: "Pathways Client Guide: Protecting Your Family",
    sourceSection: "Life insurance",
    topicKey: "insurance_decisions",
    content:
      "Term life insurance covers a set period, typically 10 to 30 years, and pays only if you die during that period; it is the least expensive way to replace income while children are young or a mortgage is outstanding. Permanent policies (whole, universal) last for life and build cash value but cost many times more for the same death benefit. A common starting point for coverage is 10 to 12 times annual income, adjusted for debts, future education costs and existing savings. Coverage through an employer usually ends when you leave the job.",
  },
  {
    key: "roth_vs_traditional",
    title: "Roth or traditional contributions?",
    sourceDocument: "Pathways Tax Planning Notes 2025",
    sourceSection: "Retirement accounts",
    topicKey: "tax_strategy",
    content:
      "Traditional contributions lower your taxable income today; withdrawals in retirement are taxed as income. Roth contributions are made with after-tax money; qualified withdrawals in retirement are tax-free. If you expect your tax rate in retirement to be higher than today's, Roth tends to win; if lower, traditional tends to win. Many people split contributions to hedge. For 2025 the IRA contribution limit is $7,000 ($8,000 at age 50 or over), and Roth IRA eligibility phases out at higher incomes.",
  },
  {
    key: "estate_documents_checklist",
    title: "Four documents every adult needs",
    sourceDocument: "Pathways Estate Planning Checklist",
    sourceSection: "The essentials",
    topicKey: "estate_planning",
    content:
      "1. A will, naming who inherits and, for parents of minors, a guardian for the children. 2. Beneficiary designations on retirement accounts and life insurance—these override the will, so review them after marriage, divorce or a birth. 3. A durable financial power of attorney, so someone you trust can pay bills if you cannot. 4. A healthcare directive and healthcare power of attorney. An estate attorney can draft these; keep copies where a family member can find them.",
  },
  {
    key: "irregular_income_budget",
    title: "Budgeting on irregular income",
    sourceDocument: "Pathways Small Business Owner Guide",
    sourceSection: "Paying yourself",
    topicKey: "cash_flow_budgeting",
    content:
      "When income swings from month to month, budget from your lowest typical month, not your average. Deposit all business income into the business account, set aside a fixed percentage for taxes (often 25–30%) in a separate savings account, and pay yourself the same salary every month from the business. Surplus months refill a buffer of at least three months of that salary; lean months draw on it. Keep personal spending off the business card so your books, and your tax return, stay clean.",
  },
  {
    key: "college_529_basics",
    title: "529 plan basics",
    sourceDocument: "Pathways Client Guide: Saving for Education",
    sourceSection: "529 plans",
    topicKey: "college_savings",
    content:
      "A 529 plan lets savings for education grow tax-free when used for qualified expenses such as tuition, fees, books and room and board. Many states give a state income tax deduction for contributions to their own plan. Money is not locked to one child: you can change the beneficiary to another family member. Because loans exist for college but not for retirement, most families should keep retirement saving on track first and fund college with what remains.",
  },
];
