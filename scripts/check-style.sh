#!/bin/sh
# make style: checks the house style (docs: /work/shared/GUIDE.md, "Style")
# of every .c and .h file under ofproto/ tools/ tests/ switch/ controller/
# apps/, or of the FILEs given.
#
#   scripts/check-style.sh [--clang-format] [FILE...]
#
# The rules checked are the ones a script can check without false alarms:
#   tab                 a tab character (indent with spaces)
#   long-line           a line over 79 columns
#   trailing-space      whitespace at the end of a line
#   cr                  a carriage return (DOS line end)
#   cxx-comment         a // comment (outside strings and comments)
#   if-0                #if 0
#   struct-typedef      typedef struct / typedef union
#   own-header-first    X.c does not include its own X.h first
#   return-type-line    a function definition whose return type is on the
#                       name's line ("static int\nfoo(void)\n{" is right)
#   function-brace      a function definition whose { is not alone on the
#                       next line
#   braces              if / else / for / while / do without braces around
#                       the body (bodies on the same line count too), or
#                       "else" not on the line of the "}" before it
# Preprocessor lines (and their continuations) are skipped by the last
# three.  Each violation prints as FILE:LINE: rule: text, and the script
# exits 1 if there is any.
#
# clang-format (.clang-format approximates the house style) is advisory
# only: the script prints how many of the files it would change, and with
# --clang-format its complete list of suggestions.  It never fails on it.

set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)

full_clang_format=false
if [ "${1:-}" = --clang-format ]; then
    full_clang_format=true
    shift
fi

if [ $# -gt 0 ]; then
    files=$*
else
    cd "$TOP" || exit 2
    dirs=""
    for d in ofproto tools tests switch controller apps; do
        [ -d "$d" ] && dirs="$dirs $d"
    done
    # shellcheck disable=SC2086
    files=$(find $dirs -type f \( -name '*.c' -o -name '*.h' \) | sort)
fi

if [ -z "$files" ]; then
    echo "style: no files to check"
    exit 0
fi

# shellcheck disable=SC2086
awk '
function report(rule, text) {
    printf "%s:%d: %s: %s\n", FILENAME, FNR, rule, text
    n_bad++
    bad_file[FILENAME] = 1
}

# Returns the line with comments, string and character literals blanked
# (replaced by spaces, so columns stay), carrying /* */ state across lines.
function strip(line,    out, i, c, c2, n) {
    out = ""
    n = length(line)
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        c2 = substr(line, i, 2)
        if (in_comment) {
            if (c2 == "*/") {
                in_comment = 0
                out = out "  "
                i++
            } else {
                out = out " "
            }
        } else if (in_string) {
            if (c == "\\") {
                out = out "  "
                i++
            } else if (c == quote) {
                in_string = 0
                out = out c
            } else {
                out = out " "
            }
        } else if (c2 == "/*") {
            in_comment = 1
            out = out "  "
            i++
        } else if (c2 == "//") {
            report("cxx-comment", "// comment")
            break
        } else if (c == "\"" || c == "\047") {
            in_string = 1
            quote = c
            out = out c
        } else {
            out = out c
        }
    }
    # A string or character literal never spans lines (continuations
    # aside, which only preprocessor lines use).
    in_string = 0
    return out
}

# Index just past the parenthesis that closes the one open before "s"
# starts, given "depth" open parentheses; 0 if it does not close in "s".
function close_paren(s, depth,    i, c, n) {
    n = length(s)
    for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (c == "(") {
            depth++
        } else if (c == ")") {
            depth--
            if (depth == 0) {
                return i + 1
            }
        }
    }
    pending_depth = depth
    return 0
}

function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

# After the condition of a control statement: the rest of its line must
# open a brace (or end a do-while).
function check_body(rest, kw) {
    rest = trim(rest)
    if (kw == "do-while") {
        if (rest != ";") {
            report("braces", "do-while must end with \");\"")
        }
    } else if (rest == ";" && kw == "while") {
        report("braces", "empty while loop body: use { }")
    } else if (rest != "{") {
        report("braces", kw " body must be in braces, \"{\" ending the line")
    }
}

BEGIN {
    typedef_re = "(^|[^A-Za-z0-9_])typedef[ \t]+(struct|union)" \
                 "([^A-Za-z0-9_]|$)"
}

FNR == 1 {
    in_comment = 0; in_string = 0; cont = 0; pending = ""
    candidate = 0; first_include = 1; depth0 = 1; brace = 0
    own = FILENAME
    if (own ~ /\.c$/) {
        sub(/\.c$/, ".h", own)
        own_exists = (getline tmp < own) >= 0
        close(own)
    } else {
        own_exists = 0
    }
}

{
    raw = $0
    if (index(raw, "\t")) {
        report("tab", "tab character")
    }
    if (index(raw, "\r")) {
        report("cr", "carriage return")
    }
    if (raw ~ /[ \t]+$/) {
        report("trailing-space", "whitespace at end of line")
    }
    if (length(raw) > 79) {
        report("long-line", length(raw) " columns")
    }

    was_comment = in_comment
    code = strip(raw)

    # Preprocessor lines and their continuations.
    if (cont || (!was_comment && code ~ /^[ \t]*#/)) {
        if (code ~ /^[ \t]*#[ \t]*if[ \t]+0([^0-9A-Za-z_x]|$)/) {
            report("if-0", "#if 0")
        }
        if (first_include && code ~ /^[ \t]*#[ \t]*include/) {
            first_include = 0
            if (own_exists) {
                # "ofproto/ofp-msgs.h" for ofproto/ofp-msgs.c.
                base = own
                sub(/^.*\//, "", base)
                if (raw !~ /^[ \t]*#[ \t]*include[ \t]*"/ ||
                    index(raw, "/" base "\"") == 0 &&
                    index(raw, "\"" base "\"") == 0) {
                    report("own-header-first", "first #include must be " \
                           "its own header, " base)
                }
            }
        }
        cont = raw ~ /\\$/
        next
    }

    if (code ~ typedef_re) {
        report("struct-typedef", "typedef of a struct or union")
    }

    # Function definitions: a line at column 0 naming the function, the
    # parameters, then "{" alone at column 0.
    t = trim(code)
    if (brace == 0) {
        if (code ~ /^[A-Za-z_]/ && index(code, "(") && index(code, "=") == 0) {
            candidate = FNR
            candidate_ok = code ~ /^[A-Za-z_][A-Za-z0-9_]*\(/
            if (t ~ /\)[ \t]*\{$/) {
                report("function-brace", "a function\047s \"{\" goes alone " \
                       "on the next line")
                candidate = 0
            }
        } else if (candidate && code == "{") {
            if (!candidate_ok) {
                printf "%s:%d: return-type-line: the return type goes " \
                       "on the line before the function name\n", FILENAME,
                       candidate
                n_bad++
                bad_file[FILENAME] = 1
            }
            candidate = 0
        } else if (t ~ /;$/ || t == "") {
            candidate = 0
        }
    }

    # Braces around every body.  A condition may span lines: "pending"
    # holds the keyword until its parenthesis closes.
    s = code
    if (pending != "") {
        i = close_paren(s, pending_depth)
        if (i) {
            check_body(substr(s, i), pending)
            pending = ""
        }
    } else {
        if (match(s, /(^|[^A-Za-z0-9_])(if|for|while)[ \t]*\(/)) {
            kw = substr(s, RSTART, RLENGTH)
            sub(/^[^a-z]/, "", kw)
            sub(/[ \t]*\($/, "", kw)
            if (kw == "while" && substr(s, 1, RSTART) ~ /\}[ \t]*$/) {
                kw = "do-while"
            }
            rest = substr(s, RSTART + RLENGTH)
            i = close_paren(rest, 1)
            if (i) {
                check_body(substr(rest, i), kw)
            } else {
                pending = kw
            }
        }
        if (t ~ /^else([^A-Za-z0-9_]|$)/) {
            report("braces", "else goes on the line of the \"}\" before it")
        }
        if (match(s, /(^|[^A-Za-z0-9_])else[ \t]*$/)) {
            report("braces", "else body must be in braces")
        }
        if (match(s, /(^|[^A-Za-z0-9_])do[ \t]*$/)) {
            report("braces", "do body must be in braces")
        }
    }

    # Brace depth, for telling file scope from function bodies.
    n = length(code)
    for (i = 1; i <= n; i++) {
        c = substr(code, i, 1)
        if (c == "{") {
            brace++
        } else if (c == "}") {
            brace--
        }
    }
}

END {
    n_files = 0
    for (f in bad_file) {
        n_files++
    }
    if (n_bad) {
        printf "style: %d violation(s) in %d file(s)\n", n_bad, n_files
        exit 1
    }
}
' $files
status=$?

# Advisory: what clang-format would change.
if command -v clang-format >/dev/null 2>&1; then
    n_cf=0
    cf_files=""
    for f in $files; do
        if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
            n_cf=$((n_cf + 1))
            cf_files="$cf_files $f"
        fi
    done
    if $full_clang_format; then
        # shellcheck disable=SC2086
        [ -n "$cf_files" ] && clang-format --dry-run $cf_files
    fi
    n_all=$(echo "$files" | wc -w)
    echo "style: advisory: clang-format would change $n_cf of $n_all" \
         "files (scripts/check-style.sh --clang-format shows how)"
fi

if [ $status -eq 0 ]; then
    echo "style: $(echo "$files" | wc -w) files follow the house style"
fi
exit $status
