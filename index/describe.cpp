#include "index/describe.hpp"
