#!/usr/bin/env python3
"""Independent reference for sentemb.text's prompt rendering and evaluation clean-up.

Re-implements, in Python (the reference's own language, so str.replace / str.strip /
str.split / str.isspace have their reference semantics), what kongds/scaling_sentemb does to a
sentence before tokenization:

  evaluation.py, batcher():
      sentences = [' '.join(s) for s in batch]          # SentEval gave s = line.split()
      template = template.replace('_', ' ').replace('*sep+*', '').replace('*cls*', '')
      if len(s) > 0 and s[-1] not in '.?"\\'': s += '.'
      s = s.replace('"', '\\'')
      if len(s) > 0 and '?' == s[-1]: s = s[:-1] + '.'
      sentences[i] = template.replace('*sent 0*', s).strip()

  ft_llm.py, generate_sentemb_prompt(): the same template expansion, no clean-up.

Writes trainer/src/test/resources/fixtures/text/prompt_reference.json. Run with
/usr/bin/python3 scripts/text/prompt_reference.py from the repository root; needs the shared
data (../shared/data) for a sample of real sentences.
"""
import csv
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, '..', 'shared', 'data')
OUT = os.path.join(ROOT, 'trainer', 'src', 'test', 'resources', 'fixtures', 'text', 'prompt_reference.json')

PROMPT_EOL = 'This_sentence_:_"*sent_0*"_means_in_one_word:"'
# run_icl.sh's per-model templates (demonstration + PromptEOL), verbatim.
ICL = {
    'opt-125m': 'This_sentence_:_"A_man_is_smoking."_means_in_one_word:"Smoking".This_sentence_:_"*sent_0*"_means_in_one_word:"',
    'opt-2.7b': 'This_sentence_:_"A_jockey_riding_a_horse."_means_in_one_word:"Equestrian".This_sentence_:_"*sent_0*"_means_in_one_word:"',
    'opt-6.7b': 'This_sentence_:_"The_man_is_riding_a_horse."_means_in_one_word:"Horseback-riding".This_sentence_:_"*sent_0*"_means_in_one_word:"',
}


def expand(template):
    return template.replace('_', ' ').replace('*sep+*', '').replace('*cls*', '')


def render(template, sentence):
    return expand(template).replace('*sent 0*', sentence).strip()


def eval_cleanup(sentence):
    s = ' '.join(sentence.split())
    if len(s) > 0 and s[-1] not in '.?"\'':
        s += '.'
    s = s.replace('"', '\'')
    if len(s) > 0 and '?' == s[-1]:
        s = s[:-1] + '.'
    return s


def sentences():
    hand = [
        'A man is playing a guitar.', 'A man is playing a guitar', 'Is the man playing?',
        'He said "hello"', 'He said "hello".', 'He said "hello?"', "It's the dog's", 'Why? Because',
        'Really?!', 'What?"', '"Quoted question?"', '', ' ', '  two   spaces\tand tab  ',
        'snake_case_word here', 'literal *sent 0* marker', 'literal *sent_0* marker', 'a *cls* b *sep+* c',
        'trailing nbsp\u00a0', '\u3000ideographic space start', 'line\u2028separator', 'thin\u202fspace',
        'Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e', 'emoji \U0001F642 end', 'ends with apostrophe\'',
        'children \'s toys are n\'t here .', '?', '"', '.',
    ]
    with open(os.path.join(DATA, 'downstream', 'STS', 'STSBenchmark', 'sts-dev.csv'), encoding='utf-8') as f:
        rows = [line.rstrip('\n').split('\t') for line in f][:25]
    sts = [r[5] for r in rows] + [r[6] for r in rows]
    with open(os.path.join(DATA, 'nli', 'snli_triplets.csv'), encoding='utf-8', newline='') as f:
        nli = [c for row in list(csv.reader(f))[1:11] for c in row]
    return hand + sts + nli


def main():
    cases = []
    for s in sentences():
        cleaned = eval_cleanup(s)
        case = {
            'sentence': s,
            'cleaned': cleaned,
            'prompt_plain': render(PROMPT_EOL, s),
            'prompt_eval': render(PROMPT_EOL, cleaned),
        }
        for name, template in ICL.items():
            case['prompt_eval_' + name] = render(template, cleaned)
        cases.append(case)
    out = {
        'generator': 'scripts/text/prompt_reference.py (Python %d.%d)' % sys.version_info[:2],
        'isspace': [c for c in range(0x110000) if chr(c).isspace()],
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=True, indent=1)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), OUT))


if __name__ == '__main__':
    main()
