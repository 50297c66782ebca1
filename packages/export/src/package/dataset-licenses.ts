// The licences a dataset package can carry: the HuggingFace identifier for the card and the
// text of the LICENSE file. CC and Apache files carry the official notice with a link to the
// legal code (the usual form for datasets); MIT carries its full text.
import { ExportError } from "../export-error.ts";

export const DATASET_LICENSE_IDS = [
  "cc-by-4.0",
  "cc-by-sa-4.0",
  "cc-by-nc-4.0",
  "cc-by-nc-sa-4.0",
  "cc0-1.0",
  "mit",
  "apache-2.0",
  "other",
] as const;
export type DatasetLicenseId = (typeof DATASET_LICENSE_IDS)[number];

export interface LicenseInput {
  license: DatasetLicenseId;
  /** Who holds the copyright, e.g. a company; defaults to "The dataset authors". */
  holder?: string;
  /** Required for `other`: the full licence text. */
  text?: string;
  /** For `other`: a short name and a link, shown on the card. */
  name?: string;
  link?: string;
  year: number;
  datasetName: string;
}

interface CreativeCommons {
  title: string;
  short: string;
  url: string;
}

const CREATIVE_COMMONS: Partial<Record<DatasetLicenseId, CreativeCommons>> = {
  "cc-by-4.0": {
    title: "Creative Commons Attribution 4.0 International",
    short: "CC BY 4.0",
    url: "https://creativecommons.org/licenses/by/4.0/",
  },
  "cc-by-sa-4.0": {
    title: "Creative Commons Attribution-ShareAlike 4.0 International",
    short: "CC BY-SA 4.0",
    url: "https://creativecommons.org/licenses/by-sa/4.0/",
  },
  "cc-by-nc-4.0": {
    title: "Creative Commons Attribution-NonCommercial 4.0 International",
    short: "CC BY-NC 4.0",
    url: "https://creativecommons.org/licenses/by-nc/4.0/",
  },
  "cc-by-nc-sa-4.0": {
    title: "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
    short: "CC BY-NC-SA 4.0",
    url: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
  },
};

/** Display name and link of a licence, for the dataset card. */
export function licenseSummary(input: Pick<LicenseInput, "license" | "name" | "link">): {
  name: string;
  url: string | null;
} {
  const cc = CREATIVE_COMMONS[input.license];
  if (cc) return { name: `${cc.title} (${cc.short})`, url: cc.url };
  switch (input.license) {
    case "cc0-1.0":
      return {
        name: "CC0 1.0 Universal (public domain dedication)",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
      };
    case "mit":
      return { name: "MIT License", url: "https://opensource.org/license/mit" };
    case "apache-2.0":
      return { name: "Apache License 2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" };
    default:
      return { name: input.name ?? "Custom licence (see LICENSE)", url: input.link ?? null };
  }
}

export function licenseText(input: LicenseInput): string {
  const holder = input.holder ?? "The dataset authors";
  const cc = CREATIVE_COMMONS[input.license];
  if (cc) {
    return [
      `${input.datasetName}`,
      `Copyright (c) ${input.year} ${holder}`,
      "",
      `This dataset is licensed under the ${cc.title} License (${cc.short}).`,
      `To view a copy of this license, visit ${cc.url}`,
      "",
    ].join("\n");
  }
  switch (input.license) {
    case "cc0-1.0":
      return [
        `${input.datasetName}`,
        "",
        `To the extent possible under law, ${holder} has waived all copyright and related or`,
        `neighboring rights to ${input.datasetName}, under the CC0 1.0 Universal Public Domain`,
        "Dedication: https://creativecommons.org/publicdomain/zero/1.0/",
        "",
      ].join("\n");
    case "mit":
      return `MIT License

Copyright (c) ${input.year} ${holder}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
    case "apache-2.0":
      return `Copyright ${input.year} ${holder}

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
`;
    default: {
      if (!input.text?.trim()) {
        throw new ExportError("invalid_options", 'A custom ("other") licence needs its full text');
      }
      return input.text.endsWith("\n") ? input.text : `${input.text}\n`;
    }
  }
}
